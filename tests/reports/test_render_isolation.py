"""A report render loads only the project's static files and stays within its bounds.

Real WeasyPrint in its real child process; the PDFs are read back with pypdf. A local HTTP
server stands in for "somewhere on the network" and records whether anything asked it for a
file.
"""

from __future__ import annotations

import http.server
import io
import logging
import re
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from pathways.engine import evaluate
from reports.fetcher import RefusedURL, StaticFilesFetcher
from reports.pdf import ReportSubject, render_report_pdf
from reports.render import (
    REPORT_STYLESHEETS,
    RenderFailed,
    RenderLimits,
    RenderTimedOut,
    render_pdf,
)
from tests.checks import page_html

from . import reportdata as data

STATIC_DIR = Path(settings.BASE_DIR) / "static"


@pytest.fixture
def web_server():
    """A local HTTP server that serves a PNG to anyone and records every path asked for."""
    png = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(png, format="PNG")
    requested: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            requested.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(png.getvalue())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # A short poll interval: shutdown() waits for the serving loop's next poll (0.5 s by default).
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requested
    server.shutdown()
    server.server_close()


@pytest.fixture
def local_png(tmp_path) -> Path:
    """A readable image file on the server, outside the static folder."""
    path = tmp_path / "secret.png"
    Image.new("RGB", (40, 40), "blue").save(path, format="PNG")
    return path


def _image_count(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


@pytest.mark.slow
def test_a_school_name_with_a_form_feed_is_printed_as_text_and_makes_the_render_fetch_nothing(
    web_server, local_png, caplog
):
    base, requested = web_server
    # Closes the string (a form feed ends a CSS string), the margin rule and the @page rule.
    name = (
        "Basisschool De Linde\f}} html { background: url("
        + base
        + "/leak.png) } body { background: url("
        + local_png.as_uri()
        + ") } h1::after { content: url(file:///dev/zero) } @page { @bottom-left {"
    )
    ruleset = data.ruleset()
    advice = evaluate(data.SCHOOL_FACTS, ruleset, data.DAY)
    subject = ReportSubject(name=name, number="SE-2026-000007", made_on=data.DAY)

    with caplog.at_level(logging.WARNING):
        pdf = render_report_pdf(advice, ruleset, subject)

    assert requested == [], "the render asked the network for a file"
    assert _image_count(pdf) == 0, "a file outside the static folder was embedded"
    assert "refused" not in caplog.text, "the name was parsed as CSS that asked for URLs"
    text = _text(pdf)
    assert "Basisschool De Linde" in text
    assert "/leak.png) } body { background: url(" in text  # the rest of the name, as text
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) > 2 and "Basisschool De Linde" in pages[1].extract_text()  # the footer


def test_the_fetcher_serves_the_reports_stylesheet_and_fonts():
    fetcher = StaticFilesFetcher(STATIC_DIR)
    css = fetcher.fetch(fetcher.base_url + "css/report.css")
    font = fetcher.fetch((STATIC_DIR / "fonts" / "noto-sans-latin-400-normal.woff").as_uri())

    assert b"@font-face" in css.read() and css.content_type == "text/css"
    assert font.content_type == "font/woff"
    assert fetcher.refused == [] and len(fetcher.fetched) == 2


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///dev/zero",
        "file:///proc/self/environ",
        "{static}/css/../../pyproject.toml",
        "{static}/css/%2e%2e/%2e%2e/seapp/settings.py",
        "{static}/fonts/README.md",
        "{static}/",
        "file://example.org{static}/css/report.css",
        "{http}/font.woff",
        "https://example.org/report.css",
        "ftp://example.org/report.css",
        "data:text/css,html%7Bbackground:red%7D",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:font/woff;base64,d09GRgABAAA=",
        "javascript:alert(1)",
        "css/report.css",
    ],
)
def test_the_fetcher_refuses_every_url_but_the_projects_static_files(url, web_server):
    base, requested = web_server
    url = url.format(static=STATIC_DIR.as_uri().removeprefix("file://"), http=base)
    if url.startswith("/"):
        url = "file://" + url
    fetcher = StaticFilesFetcher(STATIC_DIR)

    with pytest.raises(RefusedURL):
        fetcher.fetch(url)

    assert fetcher.refused == [url] and fetcher.fetched == []
    assert requested == []


def test_the_fetcher_refuses_a_link_in_the_static_folder_that_points_outside_it(
    tmp_path, local_png
):
    static = tmp_path / "static"
    (static / "img").mkdir(parents=True)
    (static / "img" / "logo.png").symlink_to(local_png)
    fetcher = StaticFilesFetcher(static)

    with pytest.raises(RefusedURL):
        fetcher.fetch((static / "img" / "logo.png").as_uri())


@pytest.mark.slow
def test_a_document_that_names_other_files_renders_without_them(web_server, local_png):
    base, requested = web_server
    html = (
        '<html><head><link rel="stylesheet" href="css/report.css">'
        f'<link rel="stylesheet" href="{base}/evil.css"></head><body><p>Rapport</p>'
        f'<img src="{local_png.as_uri()}" alt=""><img src="{base}/x.png" alt="">'
        '<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUl'
        'EQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==" alt=""></body></html>'
    )

    result = render_pdf(html, STATIC_DIR, pdf_variant=None, limits=RenderLimits())

    assert requested == []
    assert _image_count(result.pdf) == 0
    assert "Rapport" in _text(result.pdf)
    assert len(result.refused) == 4
    assert result.fetched[0].endswith("/static/css/report.css")


@pytest.mark.slow
def test_a_render_child_gets_the_report_stylesheet_parsed_by_the_fork_server():
    # reports.pdf renders with STATIC_DIR and REPORT_STYLESHEETS; the fork server's preload
    # must parse exactly those, or every render parses the CSS and unpacks six fonts again.
    html = '<html><body><p class="badge">Rapport</p></body></html>'

    first = render_pdf(
        html, STATIC_DIR, pdf_variant=None, limits=RenderLimits(), stylesheets=REPORT_STYLESHEETS
    )
    again = render_pdf(
        html, STATIC_DIR, pdf_variant=None, limits=RenderLimits(), stylesheets=REPORT_STYLESHEETS
    )

    assert first.style_inherited and again.style_inherited
    assert first.fetched[0].endswith("/static/css/report.css")
    assert sum(url.endswith(".woff") for url in first.fetched) == 6
    assert first.refused == []
    # Both children found the fonts the server unpacked: each PDF embeds the report's font.
    for result in (first, again):
        fonts = {
            font["/BaseFont"]
            for page in PdfReader(io.BytesIO(result.pdf)).pages
            for font in page["/Resources"]["/Font"].values()
        }
        assert any("Noto-Sans" in str(name) for name in fonts), fonts


@pytest.mark.slow
def test_a_render_asked_for_other_stylesheets_parses_them_itself():
    result = render_pdf(
        "<html><body><p>Rapport</p></body></html>",
        STATIC_DIR,
        pdf_variant=None,
        limits=RenderLimits(),
        stylesheets=("pathways/admin.css",),
    )

    assert not result.style_inherited
    assert result.fetched == [STATIC_DIR.resolve().as_uri() + "/pathways/admin.css"]


@pytest.mark.slow
def test_a_render_that_runs_past_its_time_limit_is_stopped():
    html = "<html><body>" + "<p>tekst</p>" * 20000 + "</body></html>"

    with pytest.raises(RenderTimedOut):
        render_pdf(html, STATIC_DIR, pdf_variant=None, limits=RenderLimits(seconds=0.5))


@pytest.mark.slow
def test_a_render_that_needs_more_memory_than_allowed_fails_instead_of_growing():
    html = "<html><body>" + "<p>tekst</p>" * 20000 + "</body></html>"

    with pytest.raises(RenderFailed) as failure:
        render_pdf(
            html, STATIC_DIR, pdf_variant=None, limits=RenderLimits(memory_bytes=32 * 1024**2)
        )

    assert not isinstance(failure.value, RenderTimedOut)


@pytest.mark.slow  # a real render in its child process, stopped, then one to the end
@pytest.mark.django_db
def test_a_report_whose_render_runs_out_of_time_gives_a_dutch_message_not_an_error(
    client, django_user_model, settings
):
    from . import reportdata

    reportdata.publish_rules()
    cast = reportdata.make_cast(django_user_model)
    settings.REPORT_RENDER_SECONDS = 0.01
    client.force_login(cast.manager)

    response = client.get(reverse("reports:report-pdf", args=[cast.school.pk]), follow=True)

    assert "Het rapport kon nu niet gemaakt worden." in page_html(response)
    settings.REPORT_RENDER_SECONDS = 60
    pdf = client.get(reverse("reports:report-pdf", args=[cast.school.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
