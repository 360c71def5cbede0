"""The offers' search documents, kept current for the catalogue's keyword search.

Each offer stores its text with that of its project, partner and field as two search
vectors, stemmed in English and in Dutch, under GIN indexes (PostgreSQL). A search then
reads the indexes instead of working the text of every offer out again. Saving an offer, a
project, an institution or a field refreshes the documents of the offers that show it;
bulk loads call refresh_search_documents() themselves. Elsewhere (SQLite) the catalogue
searches the fields directly and nothing is stored.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import QuerySet
from django.db.models.signals import post_save

from partners.models import Institution
from projects.models import Project, SubjectArea

from .models import ExchangeOffer

# What the keyword search reads, all of it indexed with English and with Dutch stemming.
SEARCH_FIELDS = (
    "title",
    "title_nl",
    "description",
    "description_nl",
    "eligibility",
    "eligibility_nl",
    "project__title",
    "project__title_nl",
    "project__summary",
    "project__summary_nl",
    "subject_area__name",
    "subject_area__name_nl",
    "partner__name",
    "partner__name_local",
    "partner__city",
)


def refresh_search_documents(offers: QuerySet[ExchangeOffer] | None = None) -> None:
    """Work out the search documents of these offers (all by default) in one statement."""
    if connection.vendor != "postgresql":
        return
    chosen = ExchangeOffer.objects.all() if offers is None else offers
    documents = (
        ExchangeOffer.objects.filter(pk__in=chosen.values("pk"))
        .annotate(
            english=SearchVector(*SEARCH_FIELDS, config="english"),
            dutch=SearchVector(*SEARCH_FIELDS, config="dutch"),
        )
        .values_list("pk", "english", "dutch")
    )
    select, params = documents.query.sql_with_params()
    table = ExchangeOffer._meta.db_table
    # The table name is the model's; the document query is Django's, its values passed
    # apart as parameters.
    statement = (
        f'UPDATE "{table}" SET search_en = document.english, search_nl = document.dutch '  # noqa: S608
        f'FROM ({select}) AS document (id, english, dutch) WHERE "{table}".id = document.id'
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _refresh_offers_of(link: str):
    """A receiver refreshing the documents of the offers whose `link` is the saved row."""

    def refresh(sender, instance, raw=False, **kwargs):
        if not raw:
            refresh_search_documents(ExchangeOffer.objects.filter(**{link: instance.pk}))

    return refresh


def connect() -> None:
    for model, link in (
        (ExchangeOffer, "pk"),
        (Project, "project"),
        (Institution, "partner"),
        (SubjectArea, "subject_area"),
    ):
        post_save.connect(
            _refresh_offers_of(link),
            sender=model,
            weak=False,  # the receiver is made here: nothing else holds it
            dispatch_uid=f"offer-search-{model.__name__}",
        )
