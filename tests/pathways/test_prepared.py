"""A prepared query gives what its queryset gives, runs its compiled SQL, and refuses shapes
that depend on the values."""

from __future__ import annotations

import pytest
from django.db.models import Exists, OuterRef

from pathways.prepared import PreparedQuery, ShapeChanged
from schools.models import School, SchoolMembership
from tests.factories import make_board, make_school, make_user


def schools_with_tie(_shape, board: int, user: int):
    return (
        School.objects.select_related("board")
        .filter(board=board)
        .annotate(member=Exists(SchoolMembership.objects.filter(school=OuterRef("pk"), user=user)))
        .order_by("name")
    )


@pytest.fixture
def cast(db):
    board, other = make_board("Bestuur A"), make_board("Bestuur B")
    schools = [make_school(board, "Noord", "000001"), make_school(board, "Zuid", "000002")]
    elsewhere = make_school(other, "Oost", "000003")
    user = make_user("fm.noord")
    SchoolMembership.objects.create(school=schools[0], user=user)
    return board, other, schools, elsewhere, user


def test_it_gives_what_the_queryset_gives_related_objects_and_annotations_included(
    cast, django_assert_num_queries
):
    board, other, schools, elsewhere, user = cast
    prepared = PreparedQuery(schools_with_tie)

    for board_id in (board.pk, other.pk, board.pk):
        expected = list(schools_with_tie(None, board=board_id, user=user.pk))
        with django_assert_num_queries(1):  # the board comes along, as select_related says
            found = prepared.fetch(board=board_id, user=user.pk)
            assert [s.board.name for s in found] == [s.board.name for s in expected]
        assert [(s.pk, s.name, s.member) for s in found] == [
            (s.pk, s.name, s.member) for s in expected
        ]
    assert [s.member for s in prepared.fetch(board=board.pk, user=user.pk)] == [True, False]


def test_it_reads_the_rows_afresh_on_every_call(cast):
    board, _other, schools, _elsewhere, user = cast
    prepared = PreparedQuery(schools_with_tie)
    assert prepared.fetch(board=board.pk, user=user.pk)[0].member

    SchoolMembership.objects.filter(user=user).delete()
    schools[1].name = "Aarde"
    schools[1].save()

    assert [(s.name, s.member) for s in prepared.fetch(board=board.pk, user=user.pk)] == [
        ("Aarde", False),
        ("Noord", False),
    ]


def test_it_compiles_once_per_shape(cast, monkeypatch):
    board, _other, _schools, _elsewhere, user = cast
    built = []

    def build(shape, board, user):
        built.append(shape)
        queryset = schools_with_tie(None, board, user)
        return queryset.values("name", "member") if shape == "names" else queryset

    prepared = PreparedQuery(build)
    for _ in range(3):
        assert prepared.fetch("names", board=board.pk, user=user.pk) == [
            {"name": "Noord", "member": True},
            {"name": "Zuid", "member": False},
        ]
        assert len(prepared.fetch("objects", board=board.pk, user=user.pk)) == 2
    assert built == ["names", "names", "objects", "objects"]  # two compilations per shape


def test_a_value_beyond_any_id_finds_nothing_without_asking(cast, django_assert_num_queries):
    _board, _other, _schools, _elsewhere, user = cast
    with django_assert_num_queries(0):
        assert PreparedQuery(schools_with_tie).fetch(board=2**63, user=user.pk) == []


def test_it_refuses_a_query_whose_sql_depends_on_the_values(db):
    calls = []

    def build(_shape, pk):
        calls.append(pk)
        field = "pk" if len(calls) == 1 else "board"
        return School.objects.filter(**{field: pk})

    with pytest.raises(ShapeChanged, match="depends on the values"):
        PreparedQuery(build).fetch(pk=1)


def test_it_refuses_a_value_that_does_not_reach_the_sql(db):
    with pytest.raises(ShapeChanged, match=r"not found.*\['pk'\]"):
        PreparedQuery(lambda _shape, pk: School.objects.filter(name=str(pk))).fetch(pk=1)
