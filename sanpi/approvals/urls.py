from django.urls import path

from . import views

app_name = "approvals"
urlpatterns = [
    path("projects/<int:project_id>/create/", views.checklist_create, name="checklist_create"),
    path("items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
]
