from django.db import migrations


def seed(apps, schema_editor):
    from mobility.rates import seed_rates

    seed_rates(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("mobility", "0003_grants_and_rates")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
