"""The budget pages on the demo data of `make run`."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from demo.seed import load_demo
from mobility.models import Mobility, RateTable
from projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo(today=timezone.localdate())


def test_demo_has_the_rate_tables_and_calculated_grants(demo):
    assert RateTable.objects.count() == 13
    assert not Mobility.objects.filter(grant_calculated_at__isnull=True).exists()
    assert not Mobility.objects.exclude(grant_error="").exists()
    pieter = Mobility.objects.get(last_name="van Dijk")  # teaching in Havana, KA107 2020
    assert (pieter.funded_days, pieter.individual_support, pieter.travel_support) == (
        7,
        Decimal("1260.00"),
        Decimal("820.00"),
    )


def test_demo_reloaded_keeps_the_grants_and_their_history(demo):
    records = Mobility.history.count()

    load_demo(today=timezone.localdate())

    assert Mobility.history.count() == records


def test_budget_pages_work_on_the_demo(client, demo):
    client.force_login(get_user_model().objects.get(username="staff"))
    urls = [reverse("budgets:overview"), reverse("budgets:calculator")]
    for project in Project.objects.filter(status__in=Project.PUBLIC_STATUSES):
        urls += [
            reverse("budgets:project-budget", kwargs={"slug": project.slug}),
            reverse("budgets:project-export", kwargs={"slug": project.slug}),
            reverse("budgets:project-export-xlsx", kwargs={"slug": project.slug}),
        ]
    urls += [
        reverse("budgets:mobility-grant", kwargs={"pk": pk})
        for pk in Mobility.objects.values_list("pk", flat=True)
    ]

    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 200)
