"""The starter kit: a prefilled e-mail whose user text survives URL encoding, and a draft clause
that opens and carries the school's value and the procedure that value calls for."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from django.conf import settings
from docx import Document

from directory.procurement import procedure_for
from directory.starter import (
    RESERVED,
    SOCIAL,
    SchoolInfo,
    clause_docx,
    clause_input,
    first_message,
    mailto_url,
)
from pathways.engine import ruleset_from_dict
from pathways.engine.numbers import format_number
from pathways.engine.procurement import (
    ACCEPTED_INVOICE,
    EUROPEAN_PUBLICATION,
    NATIONAL_PUBLICATION,
    NEGOTIATED_WITHOUT_PUBLICATION,
    PROCEDURE_LABELS,
    parameters_on,
)

RULESET = ruleset_from_dict(
    yaml.safe_load((Path(settings.BASE_DIR) / "fixtures" / "ruleset.yaml").read_text("utf-8"))
)
SCHOOL = SchoolInfo(
    name="Sint-Jozef & Co? #1", municipality="Merelbeke-Melle", board="VZW Scholen = Leie"
)
FACTS = {
    "provider_cleaning": "social_enterprise",
    "hours_cleaning": 120,
    "provider_grounds": "contractor",
    "hours_grounds": 6,
    "provider_maintenance": "own_staff",
    "hours_maintenance": 40,
    "outsourced_contract_value": 9000,
    "contract_end_date": dt.date(2027, 6, 30),
}


def read_docx(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_the_mailto_link_carries_user_text_only_as_encoded_query_values():
    body = "Regel 1 & regel 2?\nsubject=injectie #hash %20 é"
    url = mailto_url("info@voorbeeld.example", "Vraag: a&b=c", body)

    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "info@voorbeeld.example"
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query == {"subject": ["Vraag: a&b=c"], "body": [body]}
    assert " " not in url and "\n" not in url and "#" not in url


@pytest.mark.django_db
def test_the_first_message_goes_to_the_nearest_organisation_with_an_address_and_names_the_facts(
    add_organisations,
):
    from directory import geography
    from directory.services import find_organisations

    from .conftest import org

    add_organisations(
        org("Zonder adres", werkgebied="municipalities", gebieden="Melle", diensten="cleaning"),
        org("Met adres", email="offerte@voorbeeld.example", diensten="cleaning"),
    )
    matches = find_organisations(geography.location_for("9090"), services=["cleaning"])
    message = first_message(
        route="se_purchasing",
        route_title="Diensten kopen bij de sociale economie",
        school=SCHOOL,
        facts=FACTS,
        matches=matches,
    )
    assert message.email == "offerte@voorbeeld.example"
    assert message.body.startswith("Beste Met adres,")
    assert "Sint-Jozef & Co? #1 in Merelbeke-Melle" in message.body
    assert "- Schoonmaak: 120 uur/week" in message.body
    assert "- Groenonderhoud en buitenruimte: 6 uur/week" in message.body
    assert "Onderhoud en klusjes" not in message.body  # done by own staff, not bought
    assert "9000 EUR" in message.body
    assert "30 juni 2027" in message.body
    query = parse_qs(urlsplit(message.url).query)
    assert query["body"] == [message.body]


def test_without_any_address_the_message_has_no_recipient():
    message = first_message(
        route="wijkwerken", route_title="Wijk-werken", school=SCHOOL, facts={}, matches=[]
    )
    assert message.email == "" and message.url.startswith("mailto:?subject=")


def _clause_text(kind: str, annual: float, years: int, on: dt.date) -> str:
    value = annual * years
    data = clause_input(
        school=SCHOOL,
        facts={**FACTS, "outsourced_contract_value": annual},
        years=years,
        procedure=procedure_for(value, RULESET, on),
        on=on,
    )
    return read_docx(clause_docx(kind, data))


THRESHOLD_STEPS = [
    # (parameter, procedure just below it, procedure from it up)
    ("accepted_invoice_max", ACCEPTED_INVOICE, NEGOTIATED_WITHOUT_PUBLICATION),
    ("negotiated_without_publication_max", NEGOTIATED_WITHOUT_PUBLICATION, NATIONAL_PUBLICATION),
    ("eu_threshold_services_subcentral", NATIONAL_PUBLICATION, EUROPEAN_PUBLICATION),
]


@pytest.mark.parametrize(("parameter", "below", "at"), THRESHOLD_STEPS)
@pytest.mark.parametrize("on", [dt.date(2026, 11, 30), dt.date(2024, 6, 1), dt.date(2020, 3, 6)])
def test_the_draft_clause_names_the_value_and_the_procedure_on_each_side_of_each_threshold(
    parameter, below, at, on
):
    limit = float(parameters_on(RULESET, on)[parameter].value)
    for value, expected in ((limit - 1, below), (limit, at)):
        text = _clause_text(RESERVED, value, 1, on)
        assert f"Geraamde waarde over de hele looptijd (excl. btw)\n{format_number(value)} EUR" in (
            text
        )
        procedure = text.split("Plaatsingsprocedure\n", 1)[1].split("\n", 1)[0]
        assert procedure == PROCEDURE_LABELS[expected], (parameter, value)


def test_a_value_over_several_years_is_compared_as_a_whole():
    # 10.000 EUR a year for 3 years is 30.000 EUR: no longer an accepted invoice.
    text = _clause_text(RESERVED, 10000, 3, dt.date(2026, 11, 30))
    assert "30.000 EUR" in text
    procedure = text.split("Plaatsingsprocedure\n", 1)[1].split("\n", 1)[0]
    assert procedure == PROCEDURE_LABELS[NEGOTIATED_WITHOUT_PUBLICATION]


def test_the_reserved_clause_cites_article_15_and_says_it_is_a_draft():
    text = _clause_text(RESERVED, 9000, 3, dt.date(2026, 11, 30))
    assert "artikel 15 van de wet van 17 juni 2016" in text
    assert "ten minste 30 %" in text
    assert text.count("ONTWERP") >= 1 and "aankoopadviseur" in text
    assert "VZW Scholen = Leie" in text
    assert "Schoonmaak (ongeveer 120 uur per week)" in text
    assert "Groenonderhoud en buitenruimte (ongeveer 6 uur per week)" in text


def test_the_social_clause_is_an_execution_condition_draft():
    text = _clause_text(SOCIAL, 9000, 3, dt.date(2026, 11, 30))
    assert "Bijzondere uitvoeringsvoorwaarde van sociale aard" in text
    assert "artikel 15" not in text
    assert "ONTWERP" in text
