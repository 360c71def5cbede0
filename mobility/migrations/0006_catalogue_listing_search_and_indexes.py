import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mobility", "0005_staff_rate_label"),
        ("partners", "0001_initial"),
        ("projects", "0003_ka171_grant_agreement_numbers"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="exchangeoffer",
            name="mobility_ex_is_publ_13d081_idx",
        ),
        migrations.AddField(
            model_name="exchangeoffer",
            name="listed",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="exchangeoffer",
            name="search_en",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="exchangeoffer",
            name="search_nl",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="exchangeoffer",
            index=models.Index(
                condition=models.Q(("listed", True)),
                fields=["application_deadline", "title", "id"],
                name="offer_catalogue_order_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="mobility",
            index=models.Index(
                fields=["planned_start", "status", "direction", "partner"],
                name="mobility_start_stats_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="exchangeoffer",
            constraint=models.CheckConstraint(
                condition=models.Q(("listed", False), ("is_published", True), _connector="OR"),
                name="offer_listed_only_if_published",
            ),
        ),
    ]
