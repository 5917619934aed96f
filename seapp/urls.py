"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from seapp import views

admin.site.site_header = _("Beheer sociale economie voor schoolgebouwen")
admin.site.site_title = _("Beheer")
admin.site.index_title = _("Beheer")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("pathways.api.urls")),
    path("", include("schools.urls")),
    path("", include("reports.urls")),
]
