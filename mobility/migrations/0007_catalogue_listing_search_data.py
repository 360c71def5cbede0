"""The data of 0006: the listed flag of the offers stored so far, and (PostgreSQL) the
search documents' GIN indexes and documents. Apart from 0006's schema changes: PostgreSQL
refuses to alter a table in the transaction that has just updated its rows."""

from django.db import migrations

PUBLIC_STATUSES = ["awarded", "running", "closed"]


def list_offers(apps, schema_editor):
    """The offers stored so far: listed when published under a public project."""
    ExchangeOffer = apps.get_model("mobility", "ExchangeOffer")
    ExchangeOffer.objects.filter(is_published=True, project__status__in=PUBLIC_STATUSES).update(
        listed=True
    )


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
    dependencies = [("mobility", "0006_catalogue_listing_search_and_indexes")]

    operations = [
        migrations.RunPython(_run(CREATE), _run(DROP)),
        migrations.RunPython(list_offers, migrations.RunPython.noop),
    ]
