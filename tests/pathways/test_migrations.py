"""Rule drafts made before dated texts and informational conditions existed survive the change.

The database is taken back to the migration before them, a route with a condition is stored
through the models of that time, and the database is migrated forward (SQLite and PostgreSQL).
"""

from __future__ import annotations

import pytest

from tests.reports.test_migrations import latest, migrate

BEFORE = [("pathways", "0006_condition_choices_from_the_registry")]
AFTER = [("pathways", "0007_dated_texts_informational_conditions")]


@pytest.mark.slow  # migrates the database back and forth
@pytest.mark.django_db(transaction=True)
def test_conditions_stored_before_keep_their_kind_and_get_no_dates_or_texts():
    try:
        old = migrate(BEFORE)
        route = old.get_model("pathways", "Route").objects.create(
            code="wijkwerken", title="Wijk-werken", summary="Kleine taken.", kind="workplace"
        )
        condition = old.get_model("pathways", "Condition")
        required = condition.objects.create(
            route=route,
            fact="region",
            operator="eq",
            value="flanders",
            required=True,
            text_met="ja",
            text_not_met="nee",
            text_unknown="?",
        )
        supporting = condition.objects.create(
            route=route,
            fact="contact_wijkwerk",
            operator="is_true",
            required=False,
            order=1,
            text_met="ja",
            text_not_met="nee",
            text_unknown="?",
        )

        new = migrate(AFTER)

        conditions = new.get_model("pathways", "Condition").objects
        kept = conditions.get(pk=required.pk)
        assert (kept.required, kept.informational, kept.valid_from, kept.valid_to) == (
            True,
            False,
            None,
            None,
        )
        assert conditions.get(pk=supporting.pk).required is False
        stored = new.get_model("pathways", "Route").objects.get(pk=route.pk)
        assert stored.admin_notes == ""
        assert not new.get_model("pathways", "RouteText").objects.filter(route=stored).exists()
    finally:
        migrate(latest())
