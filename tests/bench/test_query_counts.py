"""The benchmark's pages run a fixed number of SQL queries, the same at 10 and at 100,000 rows.

The large size is the benchmark's own seeder at full scale (100,000 mobilities and
deadlines, 10,000 offers); the small one the same seeder at 1 % (10 projects).
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from bench.pages import measured_pages, query_counts
from bench.seed import STAFF_USERNAME, seed

# What each page costs as its view works it out; a change here is a deliberate decision,
# not a drift. (Served from the page cache, a public page makes no query.)
EXPECTED_QUERIES = {
    "floor": 0,
    "admin change list": None,  # the baseline: measured, not held to a number
    # The filters' choices (3), the count and the page's rows.
    "catalogue page 1": 5,
    "catalogue page 100": 5,
    "catalogue search": 5,
    # The offer with its call for applications; for its grant, our institution and the call's
    # rate table with its rates, bands and rules.
    "offer page": 6,
    "public project page": 5,
    "staff project list": 7,
    # The project with its partners, lines, people, deadlines and offers, the reader's
    # group, and the recent changes of four kinds of rows (one query each).
    "project detail": 16,
    # Deadlines, charts and budgets, then the calls open for applications, the applications
    # per offer and status, and the reader's reviews still to do (one query each).
    "dashboard": 14,
}


def _counts(settings) -> dict[str, int]:
    settings.ROOT_URLCONF = "bench.urls"
    staff = Client()
    staff.force_login(get_user_model().objects.get(username=STAFF_USERNAME))
    counts = query_counts(measured_pages(), staff=staff)
    uncached = {
        name.removesuffix(" uncached"): count
        for name, count in counts.items()
        if name.endswith(" uncached")
    }
    counts = {name: count for name, count in counts.items() if not name.endswith(" uncached")}
    assert uncached == {name: counts[name] for name in uncached}
    return counts


@pytest.mark.parametrize(
    "scale",
    [
        pytest.param(0.01, id="10 projects"),
        # About two minutes: `make bench-queries` runs it, and CI after `make test`.
        pytest.param(1.0, id="100,000 mobilities", marks=pytest.mark.bench),
    ],
)
@pytest.mark.django_db
def test_benchmark_pages_query_counts_do_not_grow_with_the_data(settings, scale):
    seed(scale=scale)

    counts = _counts(settings)

    checked = {name: count for name, count in counts.items() if EXPECTED_QUERIES[name] is not None}
    assert checked == {k: v for k, v in EXPECTED_QUERIES.items() if v is not None}
