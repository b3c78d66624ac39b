"""The API's honest floor for bench/api.py: the same token authentication as the API, then one raw SQL
query and its rows as JSON (orjson), with nothing of Django's request handling, ninja or the ORM.

Served by the same gunicorn as the API (`floor_wsgi:application` wraps config.wsgi): paths under
/floor/ are answered here, everything else by the application. Bench only; never deployed.

    /floor/projects?limit=50[&city=410100&stage=started]   the list page (scope: the user's region)
    /floor/projects/<id>                                    one project with its named relations
"""

import os
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import orjson  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402

from config.wsgi import application as django_application  # noqa: E402  (sets Django up)
from sanpi.accounts.access import LEVEL_COLUMNS  # noqa: E402
from sanpi.accounts.models import Organisation, Region  # noqa: E402
from sanpi.api.services import token_authenticate  # noqa: E402
from sanpi.core.fields import region_path  # noqa: E402
from sanpi.projects.models import Category, Industry, Project  # noqa: E402

P, R, ORG = Project._meta.db_table, Region._meta.db_table, Organisation._meta.db_table
IND, C = Industry._meta.db_table, Category._meta.db_table
SQLITE = connection.vendor == "sqlite"
LIST_SQL = (f"SELECT p.id, p.code, p.name, p.region_id, r.name, p.stage, p.stage_date, p.total_investment_wan, "
            f"p.industry_id, p.owner_id, o.name, p.in_statistics, p.version FROM {P} p "
            f"JOIN {R} r ON r.code = p.region_id LEFT JOIN {ORG} o ON o.id = p.owner_id WHERE p.{{level}} = %s")
LIST_KEYS = ("id", "code", "name", "region", "region_name", "stage", "stage_date", "total_investment_wan",
             "industry", "owner", "owner_name", "in_statistics", "version")
DETAIL_COLUMNS = [f.column for f in Project._meta.concrete_fields]
DETAIL_SQL = (f"SELECT {', '.join('p.' + c for c in DETAIL_COLUMNS)}, r.name, o.name, i.name, d.name, s.name, "
              f"ru.name, su.name FROM {P} p JOIN {R} r ON r.code = p.region_id "
              f"LEFT JOIN {ORG} o ON o.id = p.owner_id LEFT JOIN {IND} i ON i.code = p.industry_id "
              f"LEFT JOIN {C} d ON d.id = p.domain_id LEFT JOIN {C} s ON s.id = p.sector_id "
              f"LEFT JOIN {ORG} ru ON ru.id = p.responsible_unit_id LEFT JOIN {ORG} su ON su.id = p.service_unit_id "
              f"WHERE p.id = %s AND p.{{level}} = %s")
DETAIL_KEYS = [*DETAIL_COLUMNS, "region_name", "owner_name", "industry_name", "domain_name", "sector_name",
               "responsible_unit_name", "service_unit_name"]
MONEY = {"total_investment_wan", "expected_output_wan", "expected_tax_wan"}


def _value(key, value):
    if value is None:
        return None
    if key in MONEY:
        return str(Decimal(value) / 100 if SQLITE else value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def _answer(start_response, status: str, body) -> list[bytes]:
    data = orjson.dumps(body, default=str)
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if not path.startswith("/floor/"):
        return django_application(environ, start_response)
    close_old_connections()
    try:
        header = environ.get("HTTP_AUTHORIZATION", "")
        token = token_authenticate(key=header[7:].strip()) if header.startswith("Bearer ") else None
        if token is None or not token.user.region_id:
            return _answer(start_response, "401 Unauthorized", {"code": "unauthenticated"})
        region = token.user.region
        level = LEVEL_COLUMNS[len(region.path.strip("/").split("/")) - 1]
        if path == "/floor/projects":
            query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
            sql, params = LIST_SQL.format(level=level), [region.code]
            if query.get("city"):
                # A city inside the user's region implies the scope: the city's condition alone (as
                # access.scope_projects_within does for the API).
                inside = (region_path(query["city"]) or "").startswith(region.path)
                sql = LIST_SQL.format(level="city_code") if inside else sql + " AND p.city_code = %s"
                params = [query["city"]] if inside else [*params, query["city"]]
            if query.get("stage"):
                sql, params = sql + " AND p.stage = %s", [*params, query["stage"]]
            limit = int(query.get("limit", 50))
            with connection.cursor() as cursor:
                cursor.execute(sql + f" ORDER BY p.id DESC LIMIT {limit + 1}", params)
                rows = cursor.fetchall()
            items = [{k: _value(k, v) for k, v in zip(LIST_KEYS, row, strict=True)} for row in rows[:limit]]
            return _answer(start_response, "200 OK", {"items": items, "next_cursor": None})
        project_id = int(path.rsplit("/", 1)[1])
        with connection.cursor() as cursor:
            cursor.execute(DETAIL_SQL.format(level=level), [project_id, region.code])
            row = cursor.fetchone()
        if row is None:
            return _answer(start_response, "404 Not Found", {"code": "not_found"})
        return _answer(start_response, "200 OK", {k: _value(k, v) for k, v in zip(DETAIL_KEYS, row, strict=True)})
    finally:
        close_old_connections()
