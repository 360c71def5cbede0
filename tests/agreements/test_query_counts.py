"""The agreement and nomination lists, and the partner's page, ask the database as many
questions for 30 rows as for 3."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agreements.models import CooperationCondition, Nomination, NominationDocument
from tests.factories import InstitutionFactory, MobilityFactory

from .conftest import signed_agreement

pytestmark = pytest.mark.django_db
SMALL, LARGE = 3, 30


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_rows(world, count: int) -> None:
    for number in range(count):
        agreement = signed_agreement(InstitutionFactory(name=f"Partner {number}"))
        CooperationCondition.objects.create(
            agreement=agreement,
            direction="incoming",
            mobility_type="SMS",
            mobilities_per_year=1,
            total_months_per_year=5,
        )
        signed_agreement(
            world.institution, first_academic_year=2030 + number, last_academic_year=2030 + number
        )
        nomination = Nomination.objects.create(
            project=world.project,
            partner=world.institution,
            nominated_by=world.contact,
            first_name="Ana",
            last_name=f"Candidate {number}",
            email=f"candidate{number}@example.org",
            birth_date=datetime.date(1985, 4, 2),
            nationality="CU",
            gender="F",
            activity="STA",
            level="staff",
            planned_start=datetime.date(2021, 10, 4),
            planned_end=datetime.date(2021, 10, 8 + number % 2),
        )
        NominationDocument.objects.create(
            nomination=nomination,
            kind="cv",
            original_name="cv.pdf",
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="cv.pdf"),
        )
        MobilityFactory(project=world.project, partner=world.institution)


def _counts(client, url_of, world) -> list[int]:
    counts = []
    for size in (SMALL, LARGE - SMALL):
        _add_rows(world, size)
        counts.append(_queries(client, url_of()))
    return counts


def test_agreement_list_queries_do_not_grow(client, login, staff_user, havana):
    login(staff_user)

    small, large = _counts(client, lambda: reverse("agreements:list"), havana)

    assert small == large


def test_nomination_list_queries_do_not_grow(client, login, staff_user, havana):
    login(staff_user)

    small, large = _counts(client, lambda: reverse("agreements:nomination-list"), havana)

    assert small == large


def test_partner_page_queries_do_not_grow(partner_client, havana):
    client = partner_client(havana.contact)
    with translation.override("en"):
        url = reverse("partner:home")

    small, large = _counts(client, lambda: url, havana)

    assert small == large
