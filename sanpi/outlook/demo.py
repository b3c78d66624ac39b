"""Demo coordinates: every demo project without coordinates gets a point inside its county (a zone's
projects near the zone, else inside its city), chosen from the project id so that reruns agree.

Set-based: each region gets a pool of points inside it (POOL, found once), a project takes one by
its id's hash with a small jitter; the rows are written by bulk UPDATEs and their history records by
one INSERT … SELECT. Idempotent: projects with coordinates are kept."""

import hashlib
import time
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from sanpi.projects.models import Project

from . import boundaries
from .geometry import contains

# Approximate centres of the zones the demo uses most (zones have no boundary in the package).
ZONE_CENTRES = {
    "410171": (113.735, 34.715),  # 郑州经济技术开发区
    "410172": (113.555, 34.815),  # 郑州高新技术产业开发区
    "410173": (113.840, 34.530),  # 郑州航空港经济综合实验区
}
ZONE_RADIUS = 0.045  # degrees, about 4–5 km
SIX = Decimal("0.000001")
POOL = 64
JITTER = 0.0015  # degrees, about 150 m
REASON = "演示数据：项目坐标（WGS-84）"


def _numbers(pk: int) -> tuple[float, float]:
    digest = hashlib.sha256(f"sanpi-demo-{pk}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32, int.from_bytes(digest[4:8], "big") / 2**32


def _pool(path: str) -> list[tuple[float, float]]:
    points = []
    for i in range(POOL):
        point = boundaries.place_in_region(path, (i * 0.618034) % 1.0, (i * 0.754878 + 0.5) % 1.0)
        if point is not None:
            points.append(point)
    return points


def demo_point(pk: int, region_code: str, path: str, pools: dict[str, list] | None = None) -> tuple[float, float] | None:
    u, v = _numbers(pk)
    if region_code in ZONE_CENTRES:
        lon, lat = ZONE_CENTRES[region_code]
        return lon + (u - 0.5) * 2 * ZONE_RADIUS, lat + (v - 0.5) * 2 * ZONE_RADIUS
    pools = {} if pools is None else pools
    if path not in pools:
        pools[path] = _pool(path)
    if not pools[path]:
        return None
    lon, lat = pools[path][int(u * 1e6) % len(pools[path])]
    return lon + (v - 0.5) * 2 * JITTER, lat + (u * 7 % 1 - 0.5) * 2 * JITTER


def _update(placed: list[tuple[int, str, str]]) -> None:
    """The points go into a temporary table, then one UPDATE sets every project's from it."""
    qn = connection.ops.quote_name
    table = qn(Project._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE outlook_demo_point (id bigint PRIMARY KEY, lon numeric(9, 6), "
                       "lat numeric(9, 6))")
        try:
            cursor.executemany("INSERT INTO outlook_demo_point (id, lon, lat) VALUES (%s, %s, %s)", placed)
            cursor.execute(
                f"UPDATE {table} SET {qn('longitude')} = (SELECT t.lon FROM outlook_demo_point t WHERE t.id = "
                f"{table}.{qn('id')}), {qn('latitude')} = (SELECT t.lat FROM outlook_demo_point t WHERE t.id = "
                f"{table}.{qn('id')}) WHERE {qn('id')} IN (SELECT id FROM outlook_demo_point)")
        finally:
            cursor.execute("DROP TABLE outlook_demo_point")


def _history_records() -> int:
    """One history record ("~", this reason) per project given coordinates, in one INSERT … SELECT."""
    historical = Project.history.model
    qn = connection.ops.quote_name
    own = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}
    columns = [f.column for f in historical._meta.concrete_fields if f.name not in own]
    table, hist = qn(Project._meta.db_table), qn(historical._meta.db_table)
    sql = (f"INSERT INTO {hist} ({', '.join(qn(c) for c in columns)}, {qn('history_date')}, "
           f"{qn('history_change_reason')}, {qn('history_type')}, {qn('history_user_id')}) "
           f"SELECT {', '.join(f'b.{qn(c)}' for c in columns)}, %s, %s, '~', NULL FROM {table} b "
           f"WHERE b.{qn('longitude')} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {hist} h "
           f"WHERE h.{qn('id')} = b.{qn('id')} AND h.{qn('history_change_reason')} = %s)")
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(timezone.now()), REASON, REASON])
        return cursor.rowcount


def build(*, stdout=None) -> None:
    if boundaries.collection(boundaries.PROVINCE) is None:
        if stdout:
            stdout.write("未找到地图边界数据（请运行 make setup），跳过演示坐标。")
        return
    started = time.perf_counter()
    todo = Project.objects.filter(longitude__isnull=True, region__path__startswith="410000/").values_list(
        "pk", "region_id", "region__path")
    placed, pools = [], {}
    for pk, region_code, path in todo.iterator(chunk_size=5000):
        point = demo_point(pk, region_code, path, pools)
        if point is not None:
            placed.append((pk, str(Decimal(point[0]).quantize(SIX)), str(Decimal(point[1]).quantize(SIX))))
    with transaction.atomic():
        _update(placed)
        _history_records()
    if stdout:
        stdout.write(f"已为 {len(placed)} 个演示项目生成县区内的坐标（用时 {time.perf_counter() - started:.1f} 秒）。")


def inside_share(projects: list[tuple[str, float, float]]) -> float:
    """Share of (region path, lon, lat) falling inside their region's boundary (demo check)."""
    known = [(boundaries.region_geometry(p), x, y) for p, x, y in projects]
    known = [(g, x, y) for g, x, y in known if g is not None]
    return sum(contains(g[1], x, y) for g, x, y in known) / len(known) if known else 0.0
