"""Pure plane geometry on lon/lat pairs (GeoJSON order): point in polygon, simplification, bounds.

No database code. Rings are lists of [lon, lat]; a polygon is [outer, hole, ...]; a multipolygon
a list of polygons. Degrees are treated as plane coordinates, which is exact enough for "is this
point inside its county" at the scale of a county.
"""

from collections.abc import Iterable, Sequence

Ring = Sequence[Sequence[float]]
Polygon = Sequence[Ring]


def polygons_of(geometry: dict) -> list[Polygon]:
    """The polygons of a GeoJSON Polygon or MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"不支持的几何类型：{geometry['type']}")


def in_ring(lon: float, lat: float, ring: Ring) -> bool:
    """Even-odd ray casting; a point exactly on an edge may fall either way."""
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def in_polygon(lon: float, lat: float, polygon: Polygon) -> bool:
    if not polygon or not in_ring(lon, lat, polygon[0]):
        return False
    return not any(in_ring(lon, lat, hole) for hole in polygon[1:])


def contains(geometry: dict, lon: float, lat: float) -> bool:
    return any(in_polygon(lon, lat, p) for p in polygons_of(geometry))


def bounds(geometry: dict) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of the outer rings."""
    xs, ys = [], []
    for polygon in polygons_of(geometry):
        for x, y in polygon[0]:
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def ring_area(ring: Ring) -> float:
    """Absolute shoelace area in square degrees."""
    total = 0.0
    for i in range(len(ring)):
        x1, y1 = ring[i - 1][0], ring[i - 1][1]
        x2, y2 = ring[i][0], ring[i][1]
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def _segment_distance(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def simplify(ring: Ring, tolerance: float) -> list[list[float]]:
    """Douglas–Peucker on a closed ring (iterative); keeps the first point, so the ring stays closed."""
    points = [list(p[:2]) for p in ring]
    if len(points) < 5:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    # Split a closed ring at its point farthest from the start, so the first segment is not degenerate.
    far = max(range(len(points)), key=lambda i: (points[i][0] - points[0][0]) ** 2 + (points[i][1] - points[0][1]) ** 2)
    keep[far] = True
    stack = [(0, far), (far, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        best, index = 0.0, -1
        for i in range(start + 1, end):
            d = _segment_distance(points[i], points[start], points[end])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.extend([(start, index), (index, end)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def rounded(ring: Iterable[Sequence[float]], digits: int) -> list[list[float]]:
    """Coordinates rounded, consecutive repeats dropped, ring closed."""
    out: list[list[float]] = []
    for x, y in ((round(p[0], digits), round(p[1], digits)) for p in ring):
        if not out or out[-1] != [x, y]:
            out.append([x, y])
    if out and out[0] != out[-1]:
        out.append(list(out[0]))
    return out


def point_inside(geometry: dict, u: float, v: float) -> tuple[float, float] | None:
    """A point inside the geometry picked by two numbers in [0, 1): the bounding box scanned along
    a row at height v from x = u, trying rows until one hits. Deterministic for given (u, v)."""
    x0, y0, x1, y1 = bounds(geometry)
    for step in range(40):
        y = y0 + (y1 - y0) * ((v + step * 0.618034) % 1.0)
        for k in range(40):
            x = x0 + (x1 - x0) * ((u + k * 0.381966) % 1.0)
            if contains(geometry, x, y):
                return x, y
    return None
