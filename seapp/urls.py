"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

from seapp import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("pathways.api.urls")),
    path("snelle-scan/", include("schools.scan_urls")),
    path("", include("schools.urls")),
    path("", include("reports.urls")),
    path("", include("directory.urls")),
]
