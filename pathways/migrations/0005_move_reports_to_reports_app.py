"""Hand the stored reports and bundles to the ``reports`` app, keeping every row.

The tables are renamed to the names the ``reports`` app gives them; the models then leave the
``pathways`` state. ``reports.0001_initial`` takes them into its own state without touching the
database.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0004_rule_test_case_profile_may_be_empty"),
    ]

    operations = [
        migrations.AlterModelTable(name="advicereport", table="reports_advicereport"),
        migrations.AlterModelTable(name="reportbundle", table="reports_reportbundle"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AdviceReport"),
                migrations.DeleteModel(name="ReportBundle"),
            ],
            database_operations=[],
        ),
    ]
