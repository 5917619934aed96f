"""URLs of the quick scan (no account needed)."""

from django.urls import path

from . import scan_views

app_name = "scan"

urlpatterns = [
    path("", scan_views.scan_start, name="start"),
    path("wissen/", scan_views.scan_forget, name="forget"),
    path("controle/", scan_views.scan_review, name="review"),
    path("advies/", scan_views.scan_advice, name="advice"),
    path("bewaren/", scan_views.scan_keep, name="keep"),
    path("<slug:step>/", scan_views.scan_step, name="step"),
]
