"""The YAML rule file: export and import in the admin and as commands."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from pathways import yamlfile
from pathways.adapters import draft_to_dict
from pathways.engine.loader import content_hash
from pathways.models import Condition, ParameterValue, Route, RuleSetVersion
from pathways.publishing import export_yaml
from pathways.roles import DEPARTMENT
from tests.checks import page_html

pytestmark = pytest.mark.django_db


def upload(text: str, name: str = "regels.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/yaml")


def test_exporting_a_version_downloads_a_named_yaml_file(editor_client, published):
    response = editor_client.get(reverse("admin:pathways_export") + "?version=1")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="regels-v1.yaml"'
    data = yamlfile.safe_load(response.content)
    assert data["meta"]["version"] == 1
    assert content_hash(data) == published.content_hash


def test_exporting_the_draft_and_importing_it_again_gives_the_same_rules(editor_client, published):
    before = content_hash(draft_to_dict())
    exported = editor_client.get(reverse("admin:pathways_export")).content.decode()
    Route.objects.get(code="wijkwerken").delete()
    assert content_hash(draft_to_dict()) != before

    response = editor_client.post(reverse("admin:pathways_import"), {"file": upload(exported)})

    assert response.status_code == 302
    assert content_hash(draft_to_dict()) == before


def test_an_import_lands_in_the_draft_and_is_not_published(editor_client, published):
    data = yamlfile.safe_load(export_yaml())
    data["routes"][0]["title"] = "Nieuwe titel"

    editor_client.post(reverse("admin:pathways_import"), {"file": upload(yaml.safe_dump(data))})

    assert Route.objects.get(code=data["routes"][0]["code"]).title == "Nieuwe titel"
    assert RuleSetVersion.objects.count() == 1
    assert RuleSetVersion.objects.get().content_hash == published.content_hash


def test_an_invalid_file_lists_its_problems_and_changes_nothing(editor_client, published):
    before = content_hash(draft_to_dict())
    data = yamlfile.safe_load(export_yaml())
    data["routes"][0]["conditions"][0]["operator"] = "contains"
    data["routes"][1]["valid_to"] = "1999-01-01"

    response = editor_client.post(
        reverse("admin:pathways_import"), {"file": upload(yaml.safe_dump(data))}
    )

    html = page_html(response)
    assert "Het bestand is niet ingelezen: 2 problemen." in html
    assert "routes[0].conditions[0]: de vergelijking &#x27;contains&#x27; past niet" in html
    assert "routes[1].valid_to: mag niet vóór valid_from vallen" in html
    assert content_hash(draft_to_dict()) == before


def test_a_file_that_only_the_form_checks_refuse_changes_nothing(editor_client, published):
    before = content_hash(draft_to_dict())
    data = yamlfile.safe_load(export_yaml())
    data["routes"][0]["sources"] = [{"title": "Bron", "url": "geen adres"}]

    response = editor_client.post(
        reverse("admin:pathways_import"), {"file": upload(yaml.safe_dump(data))}
    )

    assert "Het bestand is niet ingelezen: 1 probleem." in response.content.decode()
    assert content_hash(draft_to_dict()) == before


def test_a_file_that_is_not_yaml_is_refused(editor_client, published):
    before = content_hash(draft_to_dict())

    response = editor_client.post(
        reverse("admin:pathways_import"), {"file": upload("routes: [unclosed")}
    )

    assert "Geen geldige YAML" in response.content.decode()
    assert content_hash(draft_to_dict()) == before


def test_the_department_group_may_export_but_not_import(client, django_user_model, published):
    from django.contrib.auth.models import Group

    viewer = django_user_model.objects.create_user(
        username="dep", email="dep@wse.example", password="x", is_staff=True
    )
    viewer.groups.add(Group.objects.get(name=DEPARTMENT))
    client.force_login(viewer)

    assert client.get(reverse("admin:pathways_export")).status_code == 200
    assert client.get(reverse("admin:pathways_import")).status_code == 403


def test_the_commands_round_trip_a_published_version(tmp_path, published):
    path = tmp_path / "regels-v1.yaml"
    Condition.objects.all().delete()

    call_command("export_rules", "--version", "1", "--output", str(path))
    call_command("import_rules", str(path))

    assert content_hash(draft_to_dict()) == published.content_hash
    assert RuleSetVersion.objects.count() == 1


def test_the_import_command_refuses_an_invalid_file_and_changes_nothing(tmp_path, published):
    data = yamlfile.safe_load(export_yaml())
    data["parameters"][0]["values"][0]["valid_from"] = "morgen"
    path = tmp_path / "fout.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    before = content_hash(draft_to_dict())

    with pytest.raises(CommandError, match=r"parameters\[0\]\.values\[0\]\.valid_from"):
        call_command("import_rules", str(path))

    assert content_hash(draft_to_dict()) == before


def test_the_export_command_refuses_an_unknown_version(published):
    with pytest.raises(CommandError, match="er is geen gepubliceerde versie 7"):
        call_command("export_rules", "--version", "7")


def test_load_rules_adds_the_shipped_test_cases_and_stays_idempotent(published):
    from pathways.models import RuleTestCase

    names = set(RuleTestCase.objects.values_list("name", flat=True))
    call_command("load_rules", "--force", verbosity=0)

    assert "Vragenlijst nog niet ingevuld" in names
    assert set(RuleTestCase.objects.values_list("name", flat=True)) == names
    assert RuleSetVersion.objects.count() == 1


def test_the_yaml_export_keeps_dutch_text_readable(published):
    ParameterValue.objects.filter(valid_from=dt.date(2017, 6, 30)).update(note="Coöperatie")

    assert "Coöperatie" in export_yaml()
