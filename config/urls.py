from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("sanpi.api.urls")),
    path("activities/", include("sanpi.activities.urls")),  # 三个一批 periods, lists, key-project lists
    path("progress/", include("sanpi.progress.urls")),  # monthly reports, lights, problems, rules
    path("outlook/", include("sanpi.outlook.urls")),  # 项目一张图, year-end forecast, start-date risk
    path("approvals/", include("sanpi.approvals.urls")),  # 前期手续 checklists
    path("funding/", include("sanpi.funding.urls")),  # money by source: lines, monthly 到位/支付
    path("ingest/", include("sanpi.ingest.urls")),  # Excel import/export, news extraction
    path("ranking/", include("sanpi.ranking.urls")),  # targets, scoring schemes, rankings, 观摩
    path("pools/", include("sanpi.pools.urls")),  # project pools (四库): moves and reviews
    path("", include("sanpi.web.urls")),  # sign-in, dashboard, to-do, projects
]

# No public /media/: stored files are sent only by the access-checked views under /files/
# (sanpi/web/views/files.py); production hands the bytes to the web server by X-Accel-Redirect.

admin.site.site_header = "三批 sanpi 管理后台"
admin.site.site_title = "三批 sanpi"
