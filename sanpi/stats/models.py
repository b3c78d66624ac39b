from django.db import models


class DashboardSnapshot(models.Model):
    """The dashboard's aggregates for one scope, as last computed.

    Summing a province's million projects takes tens of seconds on SQLite, so leaders read the figures
    from here: `sanpi stats refresh` (a periodic task of the queue, every 5 minutes) recomputes every scope. A
    request reads the scope's latest snapshot of the month (queuing a recompute when it is older than
    SNAPSHOT_MAX_AGE) and computes one itself only when the month has none.
    The page says when the figures were computed; every figure still links to the live list.
    """

    scope = models.CharField("范围", max_length=64)  # selectors.scope_key: region, organisation or global
    day = models.DateField("日期")  # figures such as 序时进度 depend on the day
    computed_at = models.DateTimeField("计算时间")
    # The figures as JSON (stats/snapshot.py says how values JSON lacks are written).
    data = models.JSONField("数据", default=dict)

    class Meta:
        verbose_name = "驾驶舱快照"
        verbose_name_plural = "驾驶舱快照"
        constraints = [models.UniqueConstraint(fields=["scope", "day"], name="dashboard_snapshot_unique")]

    def __str__(self) -> str:
        return f"{self.scope} {self.day:%Y-%m-%d}"
