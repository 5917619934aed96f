"""Keep the names of who made and last changed a questionnaire version, past account deletion."""

from django.db import migrations, models


def copy_names(apps, schema_editor):
    QuestionnaireVersion = apps.get_model("schools", "QuestionnaireVersion")
    rows = QuestionnaireVersion.objects.select_related("created_by", "updated_by")
    for version in rows.iterator():
        for field in ("created_by", "updated_by"):
            user = getattr(version, field)
            if user is not None:
                name = f"{user.first_name} {user.last_name}".strip() or user.username
                setattr(version, f"{field}_name", name)
        version.save(update_fields=["created_by_name", "updated_by_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0004_invitation_token_hash"),
    ]

    operations = [
        migrations.AddField(
            model_name="questionnaireversion",
            name="created_by_name",
            field=models.CharField(
                blank=True, editable=False, max_length=300, verbose_name="aangemaakt door (naam)"
            ),
        ),
        migrations.AddField(
            model_name="questionnaireversion",
            name="updated_by_name",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=300,
                verbose_name="laatst gewijzigd door (naam)",
            ),
        ),
        migrations.RunPython(copy_names, migrations.RunPython.noop, elidable=True),
    ]
