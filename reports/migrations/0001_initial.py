"""The stored reports and bundles, taken over from ``pathways`` with their rows.

``pathways.0005`` renamed the tables to ``reports_advicereport`` and ``reports_reportbundle``;
this migration only adds the models to the ``reports`` state, and moves their content types
(with the permissions granted on them) from ``pathways`` to ``reports``.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ("advicereport", "reportbundle")


def relabel_content_types(old: str, new: str):
    """Return a migration function moving the models' content types from app ``old`` to ``new``.

    Permissions and admin history point at the content type, so they move along.
    """

    def relabel(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects
        content_types = content_types.using(schema_editor.connection.alias)
        for model in MODELS:
            if not content_types.filter(app_label=new, model=model).exists():
                content_types.filter(app_label=old, model=model).update(app_label=new)

    return relabel


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('pathways', '0005_move_reports_to_reports_app'),
        ('schools', '0002_board_historicalboard_historicalschool_school_and_more'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ReportBundle',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('evaluated_on', models.DateField(verbose_name='regels toegepast op')),
                        ('status', models.CharField(choices=[('queued', 'In de wachtrij'), ('running', 'Bezig'), ('done', 'Klaar'), ('failed', 'Mislukt')], default='queued', max_length=10, verbose_name='status')),
                        ('done', models.PositiveIntegerField(default=0, verbose_name='klaar')),
                        ('total', models.PositiveIntegerField(default=0, verbose_name='totaal')),
                        ('archive', models.BinaryField(default=b'', verbose_name='ZIP-bestand')),
                        ('sha256', models.CharField(blank=True, editable=False, max_length=64, verbose_name='SHA-256')),
                        ('error', models.TextField(blank=True, verbose_name='fout')),
                        ('task_id', models.CharField(blank=True, editable=False, max_length=64, verbose_name='taak')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='aangevraagd op')),
                        ('finished_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='klaar op')),
                        ('board', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_bundles', to='schools.board', verbose_name='schoolbestuur')),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='aangevraagd door')),
                    ],
                    options={
                        'verbose_name': 'bundel adviesrapporten',
                        'verbose_name_plural': 'bundels adviesrapporten',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='AdviceReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.CharField(max_length=20, unique=True, verbose_name='rapportnummer')),
                        ('scope', models.CharField(choices=[('school', 'School'), ('board', 'Schoolbestuur')], max_length=10, verbose_name='niveau')),
                        ('ruleset_identifier', models.CharField(max_length=80, verbose_name='regelgegevens')),
                        ('evaluated_on', models.DateField(verbose_name='regels toegepast op')),
                        ('input_key', models.CharField(editable=False, max_length=255, unique=True, verbose_name='invoersleutel')),
                        ('pdf', models.BinaryField(verbose_name='PDF')),
                        ('sha256', models.CharField(editable=False, max_length=64, verbose_name='SHA-256')),
                        ('size', models.PositiveIntegerField(default=0, editable=False, verbose_name='grootte (bytes)')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='gemaakt op')),
                        ('board', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='advice_reports', to='schools.board', verbose_name='schoolbestuur')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='gemaakt door')),
                        ('questionnaire_version', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='advice_reports', to='schools.questionnaireversion', verbose_name='versie van de vragenlijst')),
                        ('school', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='advice_reports', to='schools.school', verbose_name='school')),
                    ],
                    options={
                        'verbose_name': 'adviesrapport',
                        'verbose_name_plural': 'adviesrapporten',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['board', '-created_at'], name='advicereport_board_recent')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            relabel_content_types("pathways", "reports"),
            relabel_content_types("reports", "pathways"),
        ),
    ]
