from django.db import migrations


def add_defaults(apps, schema_editor):
    from documents.defaults import seed_document_templates

    seed_document_templates(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
