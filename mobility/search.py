"""What the catalogue's keyword search reads, and how PostgreSQL keeps it.

On PostgreSQL each offer stores SEARCH_FIELDS (its text with that of its project, partner and
field) as two search vectors, stemmed in English and in Dutch, under GIN indexes. The
database keeps them current itself: a trigger works the documents out whenever an offer is
written, and triggers on projects, institutions and fields write their offers again when
the text they lend changes, whether it comes from a form, the admin, a bulk load or a
queryset update. The triggers are made from SEARCH_FIELDS and (re)installed after every
migrate. Elsewhere (SQLite) the catalogue searches these fields directly.
"""

from django.db import connections

from .models import ExchangeOffer

# What the keyword search reads.
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


def install_search_triggers(*, using: str = "default", **kwargs) -> None:
    """Create or replace the triggers that keep the search documents (a post_migrate
    receiver; PostgreSQL only)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(_offer_trigger_sql())
        for relation, columns in _lent_columns().items():
            cursor.execute(_lender_trigger_sql(relation, columns))


def _lent_columns() -> dict[str, list[str]]:
    """The offer's relations in SEARCH_FIELDS and the columns each lends to the documents."""
    lent: dict[str, list[str]] = {}
    for path in SEARCH_FIELDS:
        relation, _, name = path.rpartition("__")
        if relation:
            model = ExchangeOffer._meta.get_field(relation).related_model
            lent.setdefault(relation, []).append(model._meta.get_field(name).column)
    return lent


def _offer_trigger_sql() -> str:
    offer = ExchangeOffer._meta
    texts = []
    for path in SEARCH_FIELDS:
        relation, _, name = path.rpartition("__")
        if relation:
            model = offer.get_field(relation).related_model
            texts.append(f"{relation}.{model._meta.get_field(name).column}")
        else:
            texts.append(f"NEW.{offer.get_field(name).column}")
    joins = []
    watched = [offer.get_field(path).column for path in SEARCH_FIELDS if "__" not in path]
    for relation in _lent_columns():
        field = offer.get_field(relation)
        table = field.related_model._meta.db_table
        joins.append(f"LEFT JOIN {table} AS {relation} ON {relation}.id = NEW.{field.column}")
        watched.append(field.column)
    # Only the offer's own table and its related tables' names, all from the models.
    return f"""
CREATE OR REPLACE FUNCTION mobility_offer_search_documents() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    document text;
BEGIN
    SELECT concat_ws(' ', {", ".join(texts)}) INTO document
      FROM (SELECT 1) AS offer {" ".join(joins)};
    NEW.search_en := to_tsvector('english'::regconfig, document);
    NEW.search_nl := to_tsvector('dutch'::regconfig, document);
    RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER mobility_offer_search_documents
    BEFORE INSERT OR UPDATE OF {", ".join(watched)} ON {offer.db_table}
    FOR EACH ROW EXECUTE FUNCTION mobility_offer_search_documents();
"""  # noqa: S608


def _lender_trigger_sql(relation: str, columns: list[str]) -> str:
    offer = ExchangeOffer._meta
    field = offer.get_field(relation)
    table = field.related_model._meta.db_table
    changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns)
    # Writing the title again fires the offer's trigger, which works its documents out.
    return f"""
CREATE OR REPLACE FUNCTION {table}_offer_search_documents() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {offer.db_table} SET title = title WHERE {field.column} = NEW.id;
    RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER {table}_offer_search_documents
    AFTER UPDATE OF {", ".join(columns)} ON {table}
    FOR EACH ROW WHEN ({changed})
    EXECUTE FUNCTION {table}_offer_search_documents();
"""  # noqa: S608
