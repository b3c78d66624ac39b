"""Every refusal as JSON {"code", "message", "fields"}: a stable code, a Chinese message, and the
fields at fault (field -> [Chinese messages]). Installed on the NinjaAPI by `install`."""

import logging
import math

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from sanpi.core.errors import DomainError

from .schemas import Error

logger = logging.getLogger("sanpi.api")


# The statuses any authenticated endpoint may answer besides its success.
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}

# Pydantic's error types, told in Chinese.
INPUT_MESSAGES = {
    "missing": "必填。",
    "int_parsing": "应为整数。",
    "int_type": "应为整数。",
    "int_from_float": "应为整数。",
    "float_parsing": "应为数字。",
    "float_type": "应为数字。",
    "decimal_parsing": "应为数字。",
    "decimal_type": "应为数字。",
    "decimal_max_digits": "位数过多。",
    "decimal_max_places": "小数位数过多。",
    "decimal_whole_digits": "整数部分位数过多。",
    "finite_number": "应为有限数值。",
    "bool_parsing": "应为 true 或 false。",
    "bool_type": "应为 true 或 false。",
    "string_type": "应为文本。",
    "string_too_short": "内容过短。",
    "string_too_long": "内容过长。",
    "string_pattern_mismatch": "格式无效。",
    "date_parsing": "应为日期，格式如 2024-01-02。",
    "date_from_datetime_parsing": "应为日期，格式如 2024-01-02。",
    "date_type": "应为日期，格式如 2024-01-02。",
    "enum": "取值无效。",
    "literal_error": "取值无效。",
    "greater_than": "数值过小。",
    "greater_than_equal": "数值过小。",
    "less_than": "数值过大。",
    "less_than_equal": "数值过大。",
    "list_type": "应为列表。",
    "dict_type": "应为对象。",
    "model_type": "应为对象。",
    "model_attributes_type": "应为对象。",
    "extra_forbidden": "不支持该字段。",
    "too_long": "条目过多。",
    "value_error": "取值无效。",
}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


def input_fields(errors: list[dict]) -> dict[str, list[str]]:
    """Ninja/pydantic error list -> {"limit": ["数值过大。"], "body.name": [...]}."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in ("query", "path", "body", "header", "cookie", "form") and len(loc) > 1:
            loc = loc[1:]
            # A body schema's parameter name ("payload") says nothing to the caller.
            if loc and loc[0] == "payload" and len(loc) > 1:
                loc = loc[1:]
        name = ".".join(loc) or "__all__"
        message = INPUT_MESSAGES.get(error.get("type", ""), "取值无效。")
        fields.setdefault(name, [])
        if message not in fields[name]:
            fields[name].append(message)
    return fields


def install(api: NinjaAPI) -> None:
    def respond(request, status: int, body: dict):
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return respond(request, exc.status, error_body(exc.code, exc.message))

    @api.exception_handler(DjangoValidationError)
    def validation_error(request, exc: DjangoValidationError):
        if hasattr(exc, "error_dict"):
            fields = {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
        else:
            fields = {"__all__": [str(m) for m in exc.messages]}
        first = next(iter(fields.values()), ["输入有误。"])[0]
        return respond(request, 422, error_body("invalid", first, fields))

    @api.exception_handler(NinjaValidationError)
    def input_error(request, exc: NinjaValidationError):
        fields = input_fields(exc.errors)
        names = "、".join(fields) or "请求"
        return respond(request, 422, error_body("invalid_input", f"请求参数有误：{names}。", fields))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(request, 401, error_body(
            "unauthenticated", "未登录或令牌无效：请在请求头中提供 Authorization: Bearer <令牌>。"))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, error_body("not_found", "记录不存在，或您无权访问。"))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        codes = {400: ("bad_request", "请求格式有误（请求体应为 JSON）。"), 403: ("forbidden", "您无权执行此操作。"),
                 405: ("method_not_allowed", "不支持该请求方法。"), 429: ("throttled", "请求过于频繁，请稍后再试。")}
        code, message = codes.get(exc.status_code, ("http_error", "请求无法处理。"))
        response = respond(request, exc.status_code, error_body(code, message))
        if isinstance(exc, Throttled) and exc.wait:
            response["Retry-After"] = str(math.ceil(exc.wait))
        return response

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
        return respond(request, 413, error_body("too_large", f"请求体过大，上限为 {limit:g} MB。"))

    @api.exception_handler(IntegrityError)
    def constraint_error(request, exc: IntegrityError):
        # Backstop: every known create path turns its own constraint clash into an answer; one that
        # does not is still a clash between two writes, which the caller can retry, not a crash.
        logger.warning("API %s %s: constraint violation %s", request.method, request.path, exc)
        return respond(request, 409, error_body("conflict", "该记录已被同时提交的另一请求修改或创建，请刷新后重试。"))

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.exception("API %s %s failed", request.method, request.path)
        return respond(request, 500, error_body("server_error", "服务器内部错误，已记录，请稍后重试或联系管理员。"))
