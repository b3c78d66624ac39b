from django.urls import path

from . import views

app_name = "outlook"
urlpatterns = [
    path("map/", views.region_map, name="map"),
]
