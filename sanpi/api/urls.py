from pathlib import Path

import ninja
from django.http import FileResponse, Http404
from django.urls import path

from .api import api

# The Swagger UI files that django-ninja ships, served for the docs page (no CDN).
SWAGGER_DIR = Path(ninja.__file__).parent / "static" / "ninja"
SWAGGER_FILES = {"swagger-ui.css": "text/css", "swagger-ui-bundle.js": "text/javascript",
                 "swagger-ui-init.js": "text/javascript", "favicon.png": "image/png"}


def swagger_asset(request, name: str):
    if name not in SWAGGER_FILES:
        raise Http404
    response = FileResponse((SWAGGER_DIR / name).open("rb"), content_type=SWAGGER_FILES[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response


urlpatterns = [
    path("docs/assets/<str:name>", swagger_asset, name="api_swagger_asset"),
    path("", api.urls),
]
