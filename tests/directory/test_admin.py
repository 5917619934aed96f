"""Maintaining the directory in the admin: an editor uploads a CSV, sees a preview, saves it;
a bad file changes nothing; export downloads every organisation; each change keeps history."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import Organisation
from pathways.roles import DEPARTMENT, EDITORS
from tests.factories import make_member

from .conftest import csv_of, org

pytestmark = pytest.mark.django_db
IMPORT = "admin:directory_organisation_import"


def member(username: str, group: str):
    return make_member(username, group, is_staff=True)


@pytest.fixture
def editor_client(client):
    client.force_login(member("els.editor", EDITORS))
    return client


def upload(client, text: str):
    file = SimpleUploadedFile("organisaties.csv", text.encode("utf-8"), "text/csv")
    return client.post(reverse(IMPORT), {"file": file})


def test_an_editor_previews_an_upload_and_only_saving_writes_it(editor_client):
    data = csv_of(org("Nieuw bedrijf", werkgebied="municipalities", gebieden="Kortessem"))
    preview = upload(editor_client, data)
    html = preview.content.decode()
    assert "Voorbeeld: dit verandert er" in html and "Nieuw bedrijf" in html
    assert not Organisation.objects.exists()

    response = editor_client.post(reverse(IMPORT), {"confirm": "1", "data": data}, follow=True)
    assert "Ingelezen: 1 nieuw, 0 gewijzigd." in response.content.decode()
    organisation = Organisation.objects.get(name="Nieuw bedrijf")
    assert organisation.area_names == ["Hasselt"]  # Kortessem merged into Hasselt in 2025
    assert organisation.history.count() == 1


def test_a_bad_upload_lists_its_rows_and_changes_nothing(editor_client):
    data = csv_of(org("Goed"), org("Fout", email="geen-adres"), org("Ook fout", soort="bakkerij"))
    html = upload(editor_client, data).content.decode()
    assert "Het bestand is niet ingelezen: 2 problemen." in html
    assert "Rij 3, kolom &#x27;email&#x27;: Dit is geen geldig e-mailadres." in html
    assert "Rij 4, kolom &#x27;soort&#x27;" in html
    assert not Organisation.objects.exists()


def test_a_tampered_confirmation_is_validated_again(editor_client):
    data = csv_of(org("Fout", bron="javascript:alert(1)"))
    html = editor_client.post(reverse(IMPORT), {"confirm": "1", "data": data}).content.decode()
    assert "Rij 2, kolom &#x27;bron&#x27;" in html
    assert not Organisation.objects.exists()


def test_export_downloads_every_organisation(editor_client, add_organisations):
    add_organisations(org("Eén"), org("Twee", werkgebied="provinces", gebieden="Limburg"))
    response = editor_client.get(reverse("admin:directory_organisation_export"))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"] == 'attachment; filename="organisaties.csv"'
    assert text.splitlines()[0].startswith("naam;soort;diensten;werkgebied;gebieden")
    assert "Twee;maatwerkbedrijf;;provinces;Limburg;" in text


def test_the_department_may_read_the_directory_but_not_import(client, add_organisations):
    add_organisations(org("Eén"))
    client.force_login(member("dep.wse", DEPARTMENT))
    assert client.get(reverse("admin:directory_organisation_changelist")).status_code == 200
    assert client.get(reverse(IMPORT)).status_code == 403


def test_the_admin_form_reads_areas_with_the_same_reader_as_the_csv(editor_client):
    response = editor_client.post(
        reverse("admin:directory_organisation_add"),
        {
            "name": "Via formulier",
            "kind": "wijkwerk",
            "scope": "municipalities",
            "areas": "Wachtebeke, Atlantis",
            "source_url": "https://voorbeeld.example/bron",
            "checked_on": "2026-11-01",
        },
    )
    assert (
        "&#x27;Atlantis&#x27; is geen gemeente in Vlaanderen of Brussel."
        in response.content.decode()
    )
    response = editor_client.post(
        reverse("admin:directory_organisation_add"),
        {
            "name": "Via formulier",
            "kind": "wijkwerk",
            "scope": "municipalities",
            "areas": "Wachtebeke",
            "routes": ["wijkwerken"],
            "source_url": "https://voorbeeld.example/bron",
            "checked_on": "2026-11-01",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Via formulier").area_names == ["Lochristi"]
