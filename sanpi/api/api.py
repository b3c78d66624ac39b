"""The NinjaAPI mounted at /api/v1/: every endpoint needs a token or a signed-in session except
ping, the OpenAPI document and the docs page."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.renderers import JSONRenderer

from . import errors, idempotency
from .auth import AUTH
from .endpoints import (
    actions,
    activities,
    approvals_funds,
    counting,
    notifications,
    oc4ids,
    pools,
    progress,
    projects,
    ranking,
    reference,
    tokens,
)
from .schemas import Ok
from .throttling import TokenRateThrottle


class OfflineSwagger(DocsBase):
    """Swagger UI from the copy django-ninja ships (served by api/urls.py), never from a CDN."""

    def render_page(self, request, api, **kwargs):
        html = render_to_string("api/swagger.html", {
            "title": api.title,
            "settings": {"url": self.get_openapi_url(api, kwargs), "layout": "BaseLayout", "deepLinking": True},
        }, request=request)
        return HttpResponse(html)


class Utf8JSON(JSONRenderer):
    """Chinese as itself, not \\uXXXX escapes: readable with curl, and a third of the bytes."""

    json_dumps_params = {"ensure_ascii": False}


class SanpiAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        return idempotency.document(super().get_openapi_schema(*args, **kwargs))


api = SanpiAPI(
    title="三批 sanpi API",
    version="1",
    description=(
        "项目台账、三个一批、月度调度的 REST 接口。认证：请求头 `Authorization: Bearer <令牌>`"
        "（令牌在 POST /api/v1/tokens 或 `sanpi token create` 创建），或浏览器登录会话。"
        "金额单位均为万元，以十进制字符串表示；日期格式 2024-01-02。"
        "错误统一为 JSON：{\"code\": 稳定代码, \"message\": 中文说明, \"fields\": {字段: [说明]}}。"
        "写操作（POST/PUT/PATCH/DELETE）可带请求头 `Idempotency-Key`：24 小时内重发同一请求返回首次的响应。"
    ),
    urls_namespace="api",
    auth=AUTH,
    docs=OfflineSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=Utf8JSON(),
    throttle=[TokenRateThrottle()],
)
errors.install(api)
idempotency.install(api)


@api.get("/ping", auth=None, response=Ok, tags=["系统"], summary="存活检查（不访问数据库）")
def ping(request):
    return {"ok": True}


api.add_router("", projects.router)
api.add_router("", reference.router)
api.add_router("", tokens.router)
api.add_router("", activities.router)
api.add_router("", progress.router)
api.add_router("", actions.router)
api.add_router("", oc4ids.router)
api.add_router("", ranking.router)
api.add_router("", approvals_funds.router)
api.add_router("", counting.router)
api.add_router("", notifications.router)
api.add_router("", pools.router)
