from django.urls import path

from . import views

app_name = "pools"
urlpatterns = [
    path("", views.pool_home, name="home"),
    path("moves/<int:pk>/review/", views.move_review, name="move_review"),
]
