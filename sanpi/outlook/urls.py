from django.urls import path

from . import views

app_name = "outlook"
urlpatterns = [
    path("map/", views.region_map, name="map"),
    path("forecast/", views.year_end_forecast, name="forecast"),
    path("glance/", views.glance, name="glance"),
    path("periods/<int:pk>/starts/", views.period_starts, name="period_starts"),
]
