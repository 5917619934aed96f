"""Loading the directory: the shipped real organisations by ``load_directory``, the fictitious
'Voorbeeld-' ones only with ``--demo`` (which ``load_demo`` uses); both idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from directory.models import Organisation

pytestmark = pytest.mark.django_db


def test_load_directory_ships_only_real_organisations_and_is_idempotent():
    call_command("load_directory", stdout=StringIO())
    count = Organisation.objects.count()
    assert count >= 10
    assert not Organisation.objects.filter(name__startswith="Voorbeeld").exists()
    call_command("load_directory", stdout=StringIO())
    assert Organisation.objects.count() == count


@pytest.mark.slow
def test_demo_organisations_are_all_named_voorbeeld(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=StringIO())
    real = set(Organisation.objects.values_list("name", flat=True))
    Organisation.objects.all().delete()
    call_command("load_directory", stdout=StringIO())
    shipped = set(Organisation.objects.values_list("name", flat=True))
    demo = real - shipped
    assert demo and all(name.startswith("Voorbeeld-") for name in demo)


def test_a_bad_file_is_refused_with_its_problems(tmp_path):
    path = tmp_path / "slecht.csv"
    path.write_text("naam;soort\nA;B\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_directory", str(path), stdout=StringIO(), stderr=err)
    assert "Kolom 'werkgebied' ontbreekt in de eerste rij." in err.getvalue()
    assert not Organisation.objects.exists()
