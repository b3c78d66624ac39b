from django.urls import path

from . import views

app_name = "funding"
urlpatterns = [
    path("projects/<int:project_id>/lines/new/", views.line_create, name="line_create"),
    path("lines/<int:line_id>/", views.line_edit, name="line_edit"),
    path("lines/<int:line_id>/months/<int:month>/", views.month_edit, name="month_edit"),
]
