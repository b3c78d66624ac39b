from django.urls import path

from . import inspection_views, scheme_views, views

app_name = "ranking"
urlpatterns = [
    path("", views.index, name="index"),
    path("targets/", views.targets, name="targets"),
    path("targets/export.xlsx", views.targets_export, name="targets_export"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/edit/", scheme_views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/copy/", scheme_views.scheme_copy, name="scheme_copy"),
    path("schemes/<int:pk>/<str:period>/", views.ranking_detail, name="ranking_detail"),
    path("schemes/<int:pk>/<str:period>/publish/", views.ranking_publish, name="ranking_publish"),
    path("schemes/<int:pk>/<str:period>/export.xlsx", views.ranking_export, name="ranking_export"),
    path("schemes/<int:pk>/<str:period>/bulletin.docx", views.ranking_docx, name="ranking_docx"),
    path("inspections/new/", inspection_views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", inspection_views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/score/", inspection_views.inspection_score, name="inspection_score"),
]
