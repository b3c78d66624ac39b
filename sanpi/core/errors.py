"""Errors that services raise and every interface (page, API, command) renders alike.

Field-level input problems use Django's ValidationError with a dict of field -> Chinese messages,
so forms can show them beside each field and the API can return them as JSON.
"""


class DomainError(Exception):
    """A refusal with a stable machine code and a Chinese message."""

    code = "domain_error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotFound(DomainError):
    """Answered alike for 'does not exist' and 'not yours', so nothing leaks by the error."""

    code = "not_found"
    status = 404

    def __init__(self, message: str = "记录不存在，或您无权访问。"):
        super().__init__(message)


class Forbidden(DomainError):
    """The record is visible to the user, but this action is not theirs to take."""

    code = "forbidden"
    status = 403

    def __init__(self, message: str = "您无权执行此操作。"):
        super().__init__(message)


class Conflict(DomainError):
    """An edit based on an outdated version: another user saved first."""

    code = "conflict"
    status = 409

    def __init__(self, message: str = "该记录已被他人修改，请刷新后基于最新内容重新编辑。"):
        super().__init__(message)
