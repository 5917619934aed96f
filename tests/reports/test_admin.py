"""Stored PDF reports in the admin: listed for department staff, read-only, downloadable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.roles import DEPARTMENT, EDITORS
from reports.models import AdviceReport
from reports.storage import school_report_get_or_render
from tests import factories
from tests.checks import page_html

from . import reportdata as data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_render")]


@pytest.fixture
def report(django_user_model) -> AdviceReport:
    data.publish_rules()
    cast = data.make_cast(django_user_model)
    return school_report_get_or_render(cast.school, user=cast.manager, on=data.DAY)


def staff_in(group: str):
    return factories.make_member(f"staf.{group.lower()}", group, is_staff=True)


def test_department_staff_see_stored_reports_with_their_inputs(client, report):
    client.force_login(staff_in(DEPARTMENT))
    html = client.get(reverse("admin:reports_advicereport_changelist")).content.decode()
    assert report.number in html
    assert report.ruleset_identifier in html
    assert reverse("admin:reports_advicereport_pdf", args=[report.pk]) in html


def test_department_staff_download_the_stored_bytes(client, report):
    client.force_login(staff_in(DEPARTMENT))
    response = client.get(reverse("admin:reports_advicereport_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == bytes(report.pdf)
    assert response["ETag"] == f'"{report.sha256}"'


def test_a_stored_report_cannot_be_changed_or_deleted_in_the_admin(client, report):
    client.force_login(factories.make_user("beheerder", is_staff=True, is_superuser=True))
    change = client.get(reverse("admin:reports_advicereport_change", args=[report.pk]))
    assert 'name="_save"' not in page_html(change)
    delete = client.post(reverse("admin:reports_advicereport_delete", args=[report.pk]))
    assert delete.status_code == 403
    assert AdviceReport.objects.filter(pk=report.pk).exists()


def test_rule_editors_without_the_view_permission_cannot_download_reports(client, report):
    client.force_login(staff_in(EDITORS))
    response = client.get(reverse("admin:reports_advicereport_pdf", args=[report.pk]))
    assert response.status_code == 403


def test_people_who_are_not_staff_are_sent_to_the_admin_login(client, report):
    client.force_login(factories.make_user("fm.iemand"))
    response = client.get(reverse("admin:reports_advicereport_pdf", args=[report.pk]))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
