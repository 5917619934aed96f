"""Every page has an icon: /favicon.ico leads to the vendored SVG, which the base template links."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.templatetags.static import static

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_to_the_vendored_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.svg")
    assert "max-age=86400" in response["Cache-Control"]
    icon = Path(settings.BASE_DIR, "static", "img", "favicon.svg").read_text()
    assert icon.startswith("<svg ")


def test_every_page_links_the_icon(client):
    for url in ["/", "/snelle-scan/", "/accounts/login/"]:
        page = client.get(url).content.decode()
        assert f'<link rel="icon" href="{static("img/favicon.svg")}" type="image/svg+xml">' in page
