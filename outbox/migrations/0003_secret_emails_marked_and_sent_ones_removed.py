"""Emails stored before the holds_secret flag: those whose templates carry a reset link or
signed links are marked, and the text of the ones already sent is removed."""

from django.db import migrations

TEMPLATES_WITH_SECRETS = ["password_reset", "reminder", "reminder_digest"]


def mark_and_remove(apps, schema_editor):
    OutgoingEmail = apps.get_model("outbox", "OutgoingEmail")
    emails = OutgoingEmail.objects.filter(template__in=TEMPLATES_WITH_SECRETS)
    # Sent ones first, in one statement: the check allows no marked sent email with text.
    emails.filter(status="sent").update(holds_secret=True, body_text="", body_html="")
    emails.update(holds_secret=True)


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0002_email_holds_secret"),
    ]

    operations = [
        migrations.RunPython(mark_and_remove, migrations.RunPython.noop, elidable=True),
    ]
