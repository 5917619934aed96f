"""URLs of the JSON API; the project mounts them under ``api/v1/``."""

from django.urls import path

from pathways.api import views

app_name = "api"

urlpatterns = [
    path("advice", views.advice, name="advice"),
    path("openapi.json", views.openapi, name="openapi"),
]
