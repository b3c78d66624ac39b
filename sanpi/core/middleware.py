"""One mapping of domain errors to web responses, for every page.

A view or service raises `NotFound`, `Forbidden` or `Conflict` (sanpi.core.errors) and this answers
with the site's Chinese 404, 403 or 409 page: no view converts errors itself. The API has its own
single mapping to JSON (sanpi.api.errors), which django-ninja applies before any middleware sees
the exception.
"""

from django.shortcuts import render

from .errors import DomainError

TEMPLATES = {404: "404.html", 403: "403.html", 409: "409.html"}


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        template = TEMPLATES.get(exception.status, "403.html")
        return render(request, template, {"message": exception.message, "code": exception.code},
                      status=exception.status)
