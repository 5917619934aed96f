"""Store invitation tokens hashed: existing links keep working, the plain tokens are dropped."""

import hashlib

from django.db import migrations, models


def hash_existing_tokens(apps, schema_editor):
    Invitation = apps.get_model("schools", "Invitation")
    for invitation in Invitation.objects.all().only("pk", "token"):
        invitation.token_hash = hashlib.sha256(invitation.token.encode("utf-8")).hexdigest()
        invitation.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0003_board_choices_from_the_registry"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(
                editable=False, max_length=64, null=True, verbose_name="code (gehasht)"
            ),
        ),
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="invitation", name="token"),
        migrations.AlterField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(
                editable=False, max_length=64, unique=True, verbose_name="code (gehasht)"
            ),
        ),
    ]
