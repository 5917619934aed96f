"""A dated parameter value that is not an amount, or has no source, never gets published, and the
publish page names it; the admin's parameter page keeps what was typed."""

from __future__ import annotations

import copy
import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from pathways.models import Parameter, ParameterValue, RuleSetVersion
from tests.checks import page_html

pytestmark = pytest.mark.django_db


def store_unchecked(value, source: str = "https://example.org/bron") -> str:
    """Store a value of the unused negotiated-procedure limit past the form (as before the
    check); return its place in the rule-set dict."""
    parameter = Parameter.objects.get(code="negotiated_without_publication_max")
    ParameterValue.objects.create(
        parameter=parameter, valid_from=dt.date(2026, 11, 15), value=value, source=source
    )
    codes = list(Parameter.objects.order_by("code").values_list("code", flat=True))
    count = parameter.values.count()
    return f"parameters[{codes.index(parameter.code)}].values[{count - 1}]"


@pytest.mark.parametrize(
    ("value", "source", "problem"),
    [
        ("veel", "https://example.org/bron", "value: 'veel' is geen getal"),
        (-3, "https://example.org/bron", "value: -3 is kleiner dan 0"),
        (140000, "", "source: geef de bron: het webadres (URL)"),
    ],
)
def test_the_publish_page_names_the_value_and_publishing_is_refused(
    publisher_client, published, value, source, problem
):
    where = store_unchecked(value, source)

    html = page_html(publisher_client.get(reverse("admin:pathways_publish")))
    response = publisher_client.post(reverse("admin:pathways_publish"), {"note": "Nieuw"})

    assert "Het ontwerp is niet geldig" in html
    assert f"{where}.{problem}" in unescape(html)
    assert response.status_code == 200
    assert RuleSetVersion.objects.count() == 1


def change_page_post(parameter: Parameter, value: str, source: str) -> dict:
    values = list(parameter.values.order_by("valid_from"))
    data = {
        "code": parameter.code,
        "label": parameter.label,
        "unit": parameter.unit,
        "values-TOTAL_FORMS": str(len(values) + 1),
        "values-INITIAL_FORMS": str(len(values)),
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(values):
        data |= {
            f"values-{i}-id": str(row.pk),
            f"values-{i}-parameter": str(parameter.pk),
            f"values-{i}-valid_from": row.valid_from.isoformat(),
            f"values-{i}-value": str(row.value),
            f"values-{i}-source": row.source,
            f"values-{i}-confidence": row.confidence,
            f"values-{i}-note": row.note,
        } | ({f"values-{i}-verified": "on"} if row.verified else {})
    n = len(values)
    data |= {
        f"values-{n}-parameter": str(parameter.pk),
        f"values-{n}-valid_from": "2026-11-15",
        f"values-{n}-value": value,
        f"values-{n}-source": source,
    }
    return data


def test_the_parameter_page_refuses_veel_on_the_field_and_keeps_the_typed_text(
    editor_client, published
):
    parameter = Parameter.objects.get(code="negotiated_without_publication_max")
    url = reverse("admin:pathways_parameter_change", args=[parameter.pk])

    response = editor_client.post(url, change_page_post(parameter, "veel", ""))

    html = response.content.decode()
    assert response.status_code == 200
    assert "&#x27;veel&#x27;: vul een getal in" in html
    assert "Geef de bron: het webadres (URL) waar deze waarde staat." in html
    assert 'value="veel"' in html
    assert not parameter.values.filter(valid_from=dt.date(2026, 11, 15)).exists()


def test_a_new_value_saved_on_the_parameter_page_is_not_verified(editor_client, published):
    parameter = Parameter.objects.get(code="negotiated_without_publication_max")
    url = reverse("admin:pathways_parameter_change", args=[parameter.pk])

    response = editor_client.post(
        url, change_page_post(parameter, "143.000", "https://example.org/bron")
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    saved = parameter.values.get(valid_from=dt.date(2026, 11, 15))
    assert (saved.value, saved.verified) == (143000, False)


def test_the_parameter_list_writes_amounts_as_the_language_does(editor_client, published):
    url = reverse("admin:pathways_parameter_changelist")

    dutch = unescape(page_html(editor_client.get(url)))
    english = unescape(page_html(editor_client.get(url, HTTP_ACCEPT_LANGUAGE="en")))

    assert "7,45 EUR" in dutch and "30.000 EUR" in dutch
    assert "7.45 EUR" not in dutch and "30000 EUR" not in dutch
    assert "7.45 EUR" in english and "30,000 EUR" in english


def test_the_publish_page_shows_each_changed_dated_value_in_full(publisher_client, published):
    parameter = Parameter.objects.get(code="negotiated_without_publication_max")
    ParameterValue.objects.create(
        parameter=parameter,
        valid_from=dt.date(2026, 11, 15),
        value=143000,
        source="https://example.org/drempel-2026",
    )
    invoice = ParameterValue.objects.get(
        parameter__code="accepted_invoice_max", valid_from=dt.date(2017, 6, 30)
    )
    invoice.value, invoice.verified = 26000, False
    invoice.save()

    html = page_html(publisher_client.get(reverse("admin:pathways_publish")))
    changes = " ".join(unescape(html.split('id="changes"', 1)[1]).split())
    text = " ".join(re.sub(r"<[^>]+>", " ", changes).split())

    assert (
        "toegevoegd 15 november 2026 waarde: 143.000 EUR geldig vanaf: 15 november 2026 "
        "bron: https://example.org/drempel-2026 nagekeken: niet nagekeken"
    ) in text
    assert (
        "gewijzigd 30 juni 2017 waarde: 30.000 EUR → 26.000 EUR geldig vanaf: 30 juni 2017" in text
    )
    assert '<span class="old">30.000 EUR</span> → <span class="new">26.000 EUR</span>' in changes
    assert (
        'nagekeken: <span class="old">nagekeken</span> → <span class="new">niet nagekeken</span>'
    ) in changes


def test_an_imported_value_without_the_verified_flag_lands_unverified(db):
    from pathways.adapters import replace_draft
    from tests.schools.rules import RULES

    data = copy.deepcopy(RULES)
    for param in data["parameters"]:
        for record in param["values"]:
            record.pop("verified", None)
    data["parameters"][0]["values"][0]["verified"] = True

    replace_draft(data)

    flags = {
        (v.parameter.code, v.verified) for v in ParameterValue.objects.select_related("parameter")
    }
    first = data["parameters"][0]["code"]
    assert (first, True) in flags
    assert {verified for code, verified in flags if code != first} == {False}


def test_a_dated_value_is_named_by_its_parameter_label_and_amount():
    import datetime as dt

    from pathways.models import Parameter, ParameterValue

    parameter = Parameter(code="negotiated_max", label="Drempel", unit="EUR")
    value = ParameterValue(parameter=parameter, value=140000, valid_from=dt.date(2022, 1, 1))

    assert str(value) == "Drempel: 140.000 EUR (1 januari 2022)"
