from django.urls import path

from . import extract_views, views

app_name = "ingest"
urlpatterns = [
    path("", views.home, name="home"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:job_id>/", views.import_preview, name="import_preview"),
    path("import/<int:job_id>/apply/", views.import_apply, name="import_apply"),
    path("import/<int:job_id>/retry/", views.import_retry, name="import_retry"),
    path("import/<int:job_id>/errors.xlsx", views.import_errors, name="import_errors"),
    path("export/ledger.xlsx", views.export_ledger, name="export_ledger"),
    path("export/jobs/<int:job_id>/", views.export_job, name="export_job"),
    path("export/jobs/<int:job_id>/file.xlsx", views.export_job_file, name="export_job_file"),
    path("export/period/<int:period_id>.xlsx", views.export_period, name="export_period"),
    path("export/list/<slug:kind>.xlsx", views.export_list, name="export_list"),  # any list page's rows
    path("export/reports.xlsx", views.export_reports, name="export_reports"),
    path("export/uncounted.xlsx", views.export_uncounted, name="export_uncounted"),
    path("extract/", extract_views.extract, name="extract"),
]
