from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("sanpi.api.urls")),
    path("activities/", include("sanpi.activities.urls")),  # 三个一批 periods, lists, key-project lists
    path("progress/", include("sanpi.progress.urls")),  # monthly reports, lights, problems, rules
    path("ingest/", include("sanpi.ingest.urls")),  # Excel import/export, news extraction
    path("", include("sanpi.web.urls")),  # sign-in, dashboard, to-do, projects
]

# Uploaded evidence and photos; a production deployment serves MEDIA_ROOT from its web server.
urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

admin.site.site_header = "三批 sanpi 管理后台"
admin.site.site_title = "三批 sanpi"
