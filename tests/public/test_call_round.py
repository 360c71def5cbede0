"""The page of a call's round of grants, worked out from the projects in the portal."""

import datetime
import re
from decimal import Decimal

import pytest

from demo.seed import load_demo
from projects.models import Call, Project
from tests.factories import (
    CallFactory,
    InstitutionFactory,
    MobilityGrantFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)
from tests.public.helpers import public_url

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
SEED_COUNTRIES = [
    "Armenia",
    "China",
    "Colombia",
    "Cuba",
    "Ethiopia",
    "Indonesia",
    "Israel",
    "Japan",
    "Lebanon",
    "Morocco",
    "Nigeria",
    "South Africa",
    "United States of America",
]


def _text(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(p|ul)>', html, re.S)
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_call_round_of_the_demo_reads_as_the_seed_announces_it(client):
    load_demo(today=TODAY)

    response = client.get(public_url("call-round", slug="ka171-2022"))

    html = response.content.decode()
    assert response.status_code == 200
    assert _text(html, "call-round-figures") == (
        "In the KA171 2022 call, 13 exchange projects were awarded an Erasmus+ International "
        "Credit Mobility grant: about EUR\u00a0450,000 in total, for 103 students and staff."
    )
    assert _text(html, "call-round-countries") == " ".join(SEED_COUNTRIES)


def test_call_round_in_dutch(client):
    load_demo(today=TODAY)

    response = client.get(public_url("call-round", "nl", slug="ka171-2022"))

    html = response.content.decode()
    assert _text(html, "call-round-figures") == (
        "In de call KA171 2022 kregen 13 uitwisselingsprojecten een Erasmus+ International "
        "Credit Mobility-subsidie: in totaal ongeveer €\u00a0450.000, voor 103 studenten en "
        "medewerkers."
    )
    assert "Marokko" in _text(html, "call-round-countries")


def test_call_round_counts_a_project_added_to_the_call(client):
    load_demo(today=TODAY)
    call = Call.objects.get(action="KA171", year=2022)
    project = ProjectFactory(
        call=call,
        status=Project.Status.AWARDED,
        start_date=datetime.date(2022, 8, 1),
        end_date=datetime.date(2024, 7, 31),
        awarded_budget=Decimal("60000.00"),
    )
    brazil = InstitutionFactory(name="University of São Paulo", country="BR", city="São Paulo")
    ProjectPartnerFactory(project=project, institution=brazil)
    MobilityGrantFactory(project=project, partner=brazil, mobilities_planned=7)

    response = client.get(public_url("call-round", slug="ka171-2022"))

    html = response.content.decode()
    assert _text(html, "call-round-figures") == (
        "In the KA171 2022 call, 14 exchange projects were awarded an Erasmus+ International "
        "Credit Mobility grant: about EUR\u00a0510,000 in total, for 110 students and staff."
    )
    assert _text(html, "call-round-countries") == " ".join(sorted([*SEED_COUNTRIES, "Brazil"]))


def test_call_round_leaves_out_proposals_and_404s_without_public_projects(client):
    call = CallFactory(year=2023, action=Call.Action.KA171)
    ProjectFactory(
        call=call,
        status=Project.Status.PROPOSAL,
        start_date=datetime.date(2023, 8, 1),
        end_date=datetime.date(2025, 7, 31),
    )

    assert client.get(public_url("call-round", slug="ka171-2023")).status_code == 404
    assert client.get(public_url("call-round", slug="ka171-twenty")).status_code == 404


def test_home_and_project_pages_link_to_the_call_round(client):
    load_demo(today=TODAY)
    round_url = public_url("call-round", slug="ka171-2022")

    home = client.get(public_url("home")).content.decode()
    project = client.get(public_url("project-detail", slug="lias-fudan-university"))

    assert f'href="{round_url}">KA171 2022 call: 13 exchange projects</a>' in home
    assert f'href="{round_url}">KA171 2022: all projects of the call</a>' in (
        project.content.decode()
    )


def test_project_pages_say_former_coordinator_and_illustrative(client):
    load_demo(today=TODAY)

    essti = client.get(public_url("project-detail", slug="leiden-observatory-essti"))
    fudan = client.get(public_url("project-detail", slug="lias-fudan-university"))

    assert "Leiden Observatory, former project coordinator: Michelle Willebrands" in (
        essti.content.decode()
    )
    assert "illustrative-note" not in essti.content.decode()
    assert "An illustrative example" in fudan.content.decode()
