"""In Chromium: the quick scan's PDF button downloads ten times an hour; the eleventh click
shows the Dutch "Even geduld" page instead of a download that silently fails.

The PDF is the placeholder of ``quick_render`` (the limit is the subject, not the layout; a real
render takes seconds). Screenshots go to test-artifacts/e2e/.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from schools import scan
from tests.schools.test_quick_scan import LIMITED, wait_out_a_window_ending_within

pytestmark = pytest.mark.e2e


def test_ten_clicks_download_the_scan_pdf_and_the_eleventh_says_why_not(
    live_server, new_page, quick_render, shot
):
    call_command("load_rules", verbosity=0)
    count, window = scan.PDF_LIMIT
    wait_out_a_window_ending_within(60, window)
    page = new_page()
    page.set_default_timeout(15000)
    advice_url = live_server.url + reverse("scan:advice")
    button = page.get_by_role("link", name="Volledig rapport (PDF)")

    for n in range(1, count + 1):
        page.goto(advice_url)  # every click from a freshly loaded advice page
        with page.expect_download() as started:
            button.click()
        download = started.value
        assert download.failure() is None, f"download {n}: {download.failure()}"
        assert download.suggested_filename == "snelle-scan-advies.pdf"
        with open(download.path(), "rb") as pdf:
            assert pdf.read().startswith(b"%PDF"), f"download {n} is no PDF"

    page.goto(advice_url)
    with page.expect_navigation() as refused:
        button.click()
    assert refused.value.status == 429
    assert page.locator("h1").inner_text() == "Even geduld"
    assert LIMITED in page.locator("main").inner_text()
    shot(page, "scan-pdf-limit-eleventh")
