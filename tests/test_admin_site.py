"""The admin speaks Dutch: the right article for every model, and no English left over."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from pathways.models import Contact
from seapp.admin import HET_MODELS, DutchArticles, article
from tests.factories import make_board, make_school

pytestmark = pytest.mark.django_db


def test_every_registered_model_admin_gets_the_dutch_articles():
    assert admin.site._registry
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, DutchArticles), model


def test_the_het_list_names_only_real_models():
    for label in HET_MODELS:
        assert apps.get_model(label)


@pytest.mark.parametrize(
    ("model", "expected"),
    [("schools.board", "het"), ("pathways.contact", "het"), ("pathways.route", "het")]
    + [("schools.school", "de"), ("pathways.condition", "de"), ("schools.invitation", "de")],
)
def test_each_model_has_its_dutch_article(model, expected):
    assert article(apps.get_model(model)) == expected


def test_deleting_a_contact_says_het_contact(admin_client):
    contact = Contact.objects.create(code="wijkwerkbureau", name="Wijk-werkbureau Gent")
    url = reverse("admin:pathways_contact_delete", args=[contact.pk])

    page = admin_client.get(url).content.decode()
    assert "dat u het contact “Wijk-werkbureau Gent” wilt verwijderen?" in page

    html = admin_client.post(url, {"post": "yes"}, follow=True).content.decode()
    assert "Het contact “Wijk-werkbureau Gent” is verwijderd." in html
    assert "De contact" not in html


def test_deleting_a_board_says_het_schoolbestuur_and_a_school_keeps_de(admin_client):
    board = make_board("Stad Gent")

    html = admin_client.post(
        reverse("admin:schools_board_delete", args=[board.pk]), {"post": "yes"}, follow=True
    ).content.decode()
    assert "Het schoolbestuur “Stad Gent” is verwijderd." in html

    other = make_board("Vrije Scholen Leiestreek vzw")
    school = make_school(other, "Sint-Jozefschool", "012346")
    html = admin_client.post(
        reverse("admin:schools_school_delete", args=[school.pk]), {"post": "yes"}, follow=True
    ).content.decode()
    assert "De school “Sint-Jozefschool” is verwijderd." in html


def test_the_admin_index_has_dutch_headers_for_screen_readers(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Modelnaam" in html
    assert "Model name" not in html and "Add link" not in html


def test_the_pickers_choose_all_and_remove_all_in_dutch(admin_client):
    catalog = admin_client.get(reverse("admin:jsi18n")).content.decode("utf-8")
    assert '"Choose all %s": "Alle %s kiezen"' in catalog
    assert '"Remove all %s": "Alle %s verwijderen"' in catalog


def test_the_change_history_page_is_dutch(admin_client):
    contact = Contact.objects.create(code="wijkwerkbureau", name="Wijk-werkbureau Gent")
    url = reverse("admin:pathways_contact_history", args=[contact.pk])
    text = admin_client.get(url).content.decode()
    assert "Kies hieronder een datum" in text
    assert "Gewijzigd door" in text and "Reden van de wijziging" in text
    assert "Changed by" not in text and "Choose a date" not in text
