"""What a reader of a PDF report gets, whoever asked for it and whenever: every kind of PDF
(school, board, bundle, quick scan) in Dutch only, a first-page warning when the advice is for
another day than the one it was made on, the routes the school already uses marked, and a name
with characters the fonts lack printed readably. Real renders, read back with pypdf."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from pathways.engine import evaluate
from pathways.presentation import display_date
from pathways.services import today
from reports.models import KIND_NOTE, AdviceReport, ReportBundle
from reports.pdf import ReportSubject, render_report_pdf
from reports.storage import school_report_get_or_render, stored_school_report
from tests.schools.test_quick_scan import fill_scan

from . import reportdata as data

pytestmark = [pytest.mark.slow, pytest.mark.django_db]  # real renders, read back

PAST = dt.date(2023, 1, 1)
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.mo"


def dutch_date(value: dt.date) -> str:
    with translation.override("nl-be"):
        return display_date(value)


def fold(value: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"-\n", "-", value))


def pages_of(pdf: bytes) -> list[str]:
    return [fold(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def cast(django_user_model) -> data.Cast:
    data.publish_rules()
    return data.make_cast(django_user_model)


def english_client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def downloaded(client: Client, url: str) -> bytes:
    """Return the PDF behind a download link (tasks run at once: one redirect to the wait page)."""
    response = client.get(url)
    if response.status_code == 302:  # the waiting page: the report is stored by now
        response = client.get(url)
    assert response["Content-Type"] == "application/pdf", url
    return response.content


def bundle_pdfs(client: Client, board, query: str = "") -> dict[str, bytes]:
    client.post(reverse("reports:board-bundle", args=[board.pk]) + query)
    bundle = ReportBundle.objects.latest("pk")
    assert bundle.status == ReportBundle.Status.DONE
    with zipfile.ZipFile(io.BytesIO(bytes(bundle.archive))) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.endswith(".pdf")}


def pdfs_asked_for(kind: str, cast: data.Cast, query: str = "") -> list[bytes]:
    """Return the PDFs of ``kind`` as the English interface downloads them."""
    if kind.startswith("scan"):
        client = english_client()
        fill_scan(client)
        name = "reports:scan-note-pdf" if kind == "scan-note" else "reports:scan-pdf"
        return [downloaded(client, reverse(name))]
    client = english_client(cast.board_staff)
    if kind == "bundle":
        return list(bundle_pdfs(client, cast.board, query).values())
    scope, report = kind.split("-")
    name = {
        ("school", "note"): "reports:report-note-pdf",
        ("school", "full"): "reports:report-pdf",
        ("board", "note"): "reports:board-report-note-pdf",
        ("board", "full"): "reports:board-report-pdf",
    }[(scope, report)]
    pk = cast.school.pk if scope == "school" else cast.board.pk
    return [downloaded(client, reverse(name, args=[pk]) + query)]


def english_phrases() -> set[str]:
    """Return the English catalogue's texts: each fixed part of two words or more of a msgstr.

    A Dutch PDF contains none of them; a text the two languages share (a name) is left out.
    """
    with CATALOGUE.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog  # noqa: SLF001 - reading it whole
    phrases = set()
    for msgid, msgstr in catalogue.items():
        if isinstance(msgid, tuple):
            msgid = msgid[0]
        if not msgid or not msgstr or msgstr == msgid or "\x04" in msgid:
            continue
        for part in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w+\}|<[^>]+>|\n", msgstr):
            part = part.strip(" .,:;()[]·–-")
            if len(part.split()) >= 2 and len(part) >= 8 and part not in msgid:
                phrases.add(part)
    return phrases


PDF_KINDS = [
    "school-note",
    "school-full",
    "board-note",
    "board-full",
    "bundle",
    "scan-note",
    "scan-full",
]


@pytest.mark.parametrize("kind", PDF_KINDS)
def test_every_pdf_asked_for_in_english_is_dutch_only(kind, cast):
    pdfs = pdfs_asked_for(kind, cast)
    phrases = english_phrases()

    assert pdfs and len(phrases) > 500
    for pdf in pdfs:
        text = " ".join(pages_of(pdf))
        assert "Wat nu doen?" in text
        assert f"beoordeeld op {dutch_date(today())}" in text  # a Dutch date, not "30 November"
        for word in ("Quick scan", "not stored", "Recommended", "What to do now", "assessed on"):
            assert word not in text, (kind, word)
        english = [p for p in phrases if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)]
        assert english == [], kind
    if kind.startswith("scan"):
        assert "Snelle scan" in text and "niet bewaard" in text


WARNING = "Let op: dit is het advies op {date}, gemaakt op {made}, niet het advies van vandaag."


@pytest.mark.parametrize("kind", [kind for kind in PDF_KINDS if not kind.startswith("scan")])
def test_every_pdf_for_another_date_says_so_first_on_its_first_page(kind, cast):
    # The trial's case: a board report on 1 January 2023 listed routes closed since then as
    # recommended, with the date only in a small subtitle; a forwarded PDF misled.
    pdfs = pdfs_asked_for(kind, cast, query=f"?datum={PAST.isoformat()}")

    warning = WARNING.format(date="1 januari 2023", made=dutch_date(today()))
    for pdf in pdfs:
        first = pages_of(pdf)[0]
        assert warning in first, kind
        assert "De regels kunnen sindsdien veranderd zijn" in first
        # Before the advice itself.
        assert first.index(warning) < first.index("Wat nu doen?")


def test_a_pdf_of_today_has_no_date_warning_and_the_same_date_later_gets_one(cast, monkeypatch):
    # Made on its own day, the report of a date has no warning; asked for that date on a later
    # day, the stored one is not served: its key says whether it warns, so a new one is made.
    from reports import storage

    monkeypatch.setattr(storage, "today", lambda: data.DAY)
    same_day = school_report_get_or_render(cast.school, on=data.DAY, kind=KIND_NOTE)
    monkeypatch.undo()

    assert "Let op: dit is het advies op" not in pages_of(bytes(same_day.pdf))[0]
    assert stored_school_report(cast.school, on=data.DAY, kind=KIND_NOTE) is None
    later = school_report_get_or_render(cast.school, on=data.DAY, kind=KIND_NOTE)
    assert later.pk != same_day.pk
    assert (
        WARNING.format(date="2 maart 2026", made=dutch_date(today()))
        in pages_of(bytes(later.pdf))[0]
    )
    assert AdviceReport.objects.filter(evaluated_on=data.DAY).count() == 2


def test_the_routes_the_school_already_uses_are_marked_in_the_overview_and_the_report():
    # As the advice page's "Al in gebruik" badge: here the school already has an IBO running.
    ruleset = data.ruleset()
    in_use = data.ROUTE_TITLES["ibo"]
    subject = ReportSubject(name="Sint-Jozefscollege Gent", made_on=data.DAY)
    advice = evaluate({**data.SCHOOL_FACTS, "routes_in_use": ["ibo"]}, ruleset, data.DAY)
    note = " ".join(pages_of(render_report_pdf(advice, ruleset, subject, kind="note")))
    full = " ".join(pages_of(render_report_pdf(advice, ruleset, subject, kind="full")))
    unused = evaluate({**data.SCHOOL_FACTS, "routes_in_use": []}, ruleset, data.DAY)
    plain = " ".join(pages_of(render_report_pdf(unused, ruleset, subject, kind="full")))

    table = note.split("Alle trajecten in één oogopslag", 1)[1]
    assert table.count("Al in gebruik") == 1
    # In the route's own row: after its title, before the next route's.
    row = table.split(in_use, 1)[1]
    later = [row.index(title) for title in data.ROUTE_TITLES.values() if title in row]
    assert row.index("Al in gebruik") < min(later)
    # The overview, and the route's own heading in the explanation.
    assert full.count("Al in gebruik") == 2
    explained = full.split("Toelichting: trajecten die in aanmerking komen", 1)[1]
    assert explained.index(in_use) < explained.index("Al in gebruik")
    assert "Al in gebruik" not in plain


NAME = "Basisschool De Regenboog 🌈 שלום"


def test_a_name_with_an_emoji_and_a_hebrew_word_prints_readably_in_the_embedded_fonts():
    ruleset = data.ruleset()
    advice = evaluate(data.SCHOOL_FACTS, ruleset, data.DAY)
    # 🏫 is in no vendored font; 👍 is in Noto Sans Symbols 2, so it prints as it is.
    subject = ReportSubject(name=NAME, board_name="VZW 🏫 Onderwijs 👍", made_on=data.DAY)
    pdf = render_report_pdf(advice, ruleset, subject, kind="note")

    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(pages_of(pdf))
    assert "Basisschool De Regenboog [emoji] [Hebreeuws schrift]" in text
    assert "VZW [emoji] Onderwijs 👍" in text
    assert "🌈" not in text and "שלום" not in text and "\ufffd" not in text
    # The document's title keeps the name as typed (a viewer shows it in its own fonts).
    assert NAME in reader.metadata.title
    # Only the vendored fonts are embedded: nothing fell back to a font of this machine.
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all(name.startswith("Noto") for name in fonts), fonts
