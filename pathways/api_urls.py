"""URLs of the JSON API; the project mounts them under ``api/v1/``."""

from django.urls import path

from pathways import api

app_name = "api"

urlpatterns = [
    path("advice", api.advice, name="advice"),
    path("openapi.json", api.openapi, name="openapi"),
]
