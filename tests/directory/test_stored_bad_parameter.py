"""A version published before parameter values were checked ("veel" as a threshold) keeps the
quick scan, its PDF and the starter kit working: the value counts as missing."""

from __future__ import annotations

import copy

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from pathways.engine import validate_ruleset_dict
from pathways.models import RuleSetVersion
from pathways.services import current_ruleset, publish_data
from schools import scan
from schools.models import SchoolMembership
from tests.factories import make_board, make_school, make_user, submit_answers

pytestmark = pytest.mark.django_db

# 40.000 EUR a year over 3 years: above the accepted-invoice limit, so the procedure needs the
# limit of the negotiated procedure, the one stored as "veel".
CONTRACT = {"outsourced_contract_value": 40000, "contract_duration_years": 3}


@pytest.fixture
def stored_veel():
    """Publish the shipped rules with "veel" as the negotiated procedure's latest limit."""
    call_command("load_rules", verbosity=0)
    data = copy.deepcopy(RuleSetVersion.objects.get(is_current=True).data)
    param = next(p for p in data["parameters"] if p["code"] == "negotiated_without_publication_max")
    for value in param["values"]:
        value["value"] = "veel"
    assert any("'veel' is geen getal" in p for p in validate_ruleset_dict(data))
    publish_data(data, note="gepubliceerd voor de controle op parameterwaarden")
    assert current_ruleset().parameter("negotiated_without_publication_max")


def fill_scan(client: Client) -> None:
    client.post(
        reverse("scan:step", args=["school"]),
        {"revision": 0, "board_type": "vzw", "postcode": "9000", "pupils": "320", "campuses": "1"},
    )
    client.post(
        reverse("scan:step", args=["contracts"]),
        {
            "revision": 0,
            "outsourced_contract_value": "40.000",
            "contract_duration_years": "3",
        },
    )


@pytest.mark.slow  # renders the scan's real PDF
def test_the_quick_scan_and_its_pdf_stay_available(stored_veel):
    client = Client(REMOTE_ADDR="192.0.2.90")
    fill_scan(client)
    assert client.session[scan.SESSION_KEY]  # the answers were taken

    review = client.get(reverse("scan:review"))
    advice = client.get(reverse("scan:advice"))
    pdf = client.get(reverse("reports:scan-pdf"))

    assert review.status_code == 200
    assert advice.status_code == 200
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_starter_kit_stays_available_and_leaves_the_procedure_to_the_adviser(stored_veel):
    school = make_school(make_board(), "Sint-Pieter", "111111", postcode="9000")
    manager = make_user("fm.sintpieter")
    SchoolMembership.objects.create(user=manager, school=school)
    submit_answers(
        school,
        manager,
        {**CONTRACT, "provider_cleaning": "contractor", "open_to_buy_from_se": True},
    )
    client = Client()
    client.force_login(manager)

    page = client.get(reverse("directory:school-starter", args=[school.pk]) + "?jaren=3")

    assert page.status_code == 200
    assert "De aankoopadviseur bepaalt de procedure." in page.content.decode()
