import django.contrib.postgres.search
from django.db import migrations

# PostgreSQL only: the search documents' GIN indexes, and the documents of the offers
# already stored (mobility.search keeps them current from then on).
CREATE = [
    "CREATE INDEX offer_search_en_idx ON mobility_exchangeoffer USING gin (search_en)",
    "CREATE INDEX offer_search_nl_idx ON mobility_exchangeoffer USING gin (search_nl)",
    """
    UPDATE mobility_exchangeoffer AS offer
    SET search_en = to_tsvector('english', document.text),
        search_nl = to_tsvector('dutch', document.text)
    FROM (
        SELECT o.id, concat_ws(' ', o.title, o.title_nl, o.description, o.description_nl,
            o.eligibility, o.eligibility_nl, p.title, p.title_nl, p.summary, p.summary_nl,
            s.name, s.name_nl, i.name, i.name_local, i.city) AS text
        FROM mobility_exchangeoffer o
        JOIN projects_project p ON p.id = o.project_id
        JOIN partners_institution i ON i.id = o.partner_id
        LEFT JOIN projects_subjectarea s ON s.id = o.subject_area_id
    ) AS document
    WHERE offer.id = document.id
    """,
]
DROP = [
    "DROP INDEX IF EXISTS offer_search_en_idx",
    "DROP INDEX IF EXISTS offer_search_nl_idx",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("mobility", "0007_offer_catalogue_order_index"),
        ("projects", "0003_ka171_grant_agreement_numbers"),
        ("partners", "0001_initial"),
    ]

    operations = [
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
        migrations.RunPython(_run(CREATE), _run(DROP)),
    ]
