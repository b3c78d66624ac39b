"""Sending a stored file after its owner's access check: never from a public URL.

Every response is `attachment` (images `inline` as image/*), `nosniff`, and sandboxed by its own
Content-Security-Policy, so even a file that slipped past the upload check cannot run script in
the site's origin. With SANPI_X_ACCEL_REDIRECT on, the bytes are handed to the web server
(nginx `internal` location under SANPI_X_ACCEL_PREFIX) instead of streamed by Python.
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from .errors import NotFound
from .uploads import content_type_of

SANDBOX = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


def protect(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = "private, no-store"
    return response


def file_response(field_file, *, filename: str | None = None) -> HttpResponse:
    """The stored file of a FileField/ImageField; `filename` is the name the browser saves it as."""
    if not field_file:
        raise NotFound("文件不存在。")
    name = field_file.name
    content_type = content_type_of(name)
    inline = content_type.startswith("image/")
    download_name = filename or name.rsplit("/", 1)[-1]
    if getattr(settings, "SANPI_X_ACCEL_REDIRECT", False):
        response = HttpResponse(content_type=content_type)
        prefix = getattr(settings, "SANPI_X_ACCEL_PREFIX", "/protected-media/")
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        response["Content-Disposition"] = content_disposition_header(not inline, download_name)
        return protect(response)
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise NotFound("文件不存在。") from None
    response = FileResponse(handle, as_attachment=not inline, filename=download_name, content_type=content_type)
    return protect(response)
