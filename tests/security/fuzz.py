"""Hypothesis strategies for hostile form input, and the checks run after every example.

Each example runs in a savepoint that is rolled back, so examples do not see each other's rows.
Inside it, PostgreSQL's per-transaction counters tell which tables the request wrote to: a
rejected input must have written nothing at all, an accepted one only to the tables its form
owns, with every row there passing full_clean(); deferred constraints (foreign keys) are checked
before the rollback.
"""

import string
from collections import Counter
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# How many inputs each fuzz test sent, for the summary at the end of the run.
FUZZED = Counter()

FUZZ_SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

NASTY = [
    "",
    " ",
    "\t\r\n",
    "\x00",
    "a\x00b",
    "%00",
    "\u202e\u0644\u0627",
    "\u200b\ufeff",
    "Z\u0351\u0324\u0353a\u0308\u0353l\u0303go",
    "😀" * 300,
    "\U0001d54f" * 5000,
    "'",
    '"',
    "' OR '1'='1",
    "1; DROP TABLE mobility_interestregistration; --",
    "1 AND pg_sleep(5)",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "%(name)s %s %d",
    "../../../../etc/passwd",
    "http://evil.example/",
    "//evil.example/",
    "\\\\evil.example",
    "-1",
    "0",
    "-0",
    "1e309",
    "NaN",
    "-Infinity",
    "9" * 400,
    "0x1F",
    "1,5",
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "-0001-01-01",
    "2024-13-01",
    "x" * 255,
    "x" * 256,
    "x" * 100_000,
    "a@b",
    "a" * 300 + "@example.org",
    "ünïcødé@exämple.org",
    "user@[127.0.0.1]",
]

printable = st.text(alphabet=string.printable, max_size=60)
unicode_text = st.text(max_size=80)
numbers = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
)
dates = st.one_of(st.dates().map(str), st.dates().map(lambda d: d.strftime("%d/%m/%Y")))
huge = st.tuples(st.characters(), st.integers(min_value=1_000, max_value=60_000)).map(
    lambda pair: pair[0] * pair[1]
)

text = st.one_of(st.sampled_from(NASTY), printable, unicode_text, huge)
# One form value: nasty constants, arbitrary text, numbers, dates or a long run of one character.
value = st.one_of(st.sampled_from(NASTY), printable, unicode_text, numbers, dates, huge)
# A field posted several times.
values = st.one_of(value, st.lists(value, min_size=2, max_size=3))


def tampered(baseline: dict, *, free_text=()):
    """`baseline` (a valid submission) with a few fields replaced by hostile values, a few
    left out, and now and then an unexpected field added; or with only its free-text fields
    replaced, so that odd but acceptable text also reaches the database."""
    names = sorted(baseline)
    anything = st.builds(
        _apply,
        st.just(baseline),
        st.dictionaries(st.sampled_from(names), values, max_size=4),
        st.sets(st.sampled_from(names), max_size=2),
        st.dictionaries(printable, value, max_size=1),
    )
    if not free_text:
        return anything
    texts = st.builds(
        _apply,
        st.just(baseline),
        st.dictionaries(st.sampled_from(sorted(free_text)), text, min_size=1),
        st.just(set()),
        st.just({}),
    )
    return st.one_of(anything, texts)


def _apply(baseline: dict, replaced: dict, dropped: set, added: dict) -> dict:
    data = {**baseline, **added, **replaced}
    for name in dropped - set(replaced):
        data.pop(name, None)
    return data


PORTAL_APPS = {"partners", "projects", "mobility", "outbox", "reminders", "ops"}


def _tuple_counters() -> dict[str, tuple[int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables"
        )
        return {name: counts for name, *counts in cursor.fetchall()}


class Writes:
    """The tables a request wrote to, from PostgreSQL's counters of rows inserted, updated and
    deleted by the current transaction: every table counts, history and sessions included."""

    def __init__(self):
        self.before = _tuple_counters()

    def models(self) -> set:
        after = _tuple_counters()
        tables = {name for name, counts in after.items() if self.before.get(name) != counts}
        return {
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.db_table in tables
        }

    def portal_models(self) -> set:
        """The written models of the portal itself (not its history tables)."""
        return {
            model
            for model in self.models()
            if model._meta.app_label in PORTAL_APPS and not model.__name__.startswith("Historical")
        }


def assert_rows_are_valid(models) -> None:
    """full_clean() every row of these models: what a form saved must pass its own rules."""
    for model in models:
        for instance in model._default_manager.all():
            instance.full_clean()


@contextmanager
def example(name: str):
    """One fuzzed input: counted, run in a savepoint, deferred constraints checked, undone."""
    FUZZED[name] += 1
    with transaction.atomic():
        yield
        connection.check_constraints()
        transaction.set_rollback(True)
