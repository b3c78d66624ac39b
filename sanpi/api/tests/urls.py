"""The API alone, so that its tests do not depend on the pages of other apps."""

from django.urls import include, path

urlpatterns = [path("api/v1/", include("sanpi.api.urls"))]
