import datetime
from decimal import Decimal

import pytest

from imports.services import confirm_batch, create_batch, preview_batch, undo_batch
from mobility.models import ExchangeOffer, MobilityGrant
from projects.models import Project, ProjectPartner
from tests.factories import CallFactory, OrganisationalUnitFactory, PersonFactory
from tests.imports.conftest import GRANT_AGREEMENT, file_bytes

pytestmark = pytest.mark.django_db


def previewed(kind, name, staff):
    batch = create_batch(kind=kind, filename=name, content=file_bytes(name), by=staff)
    return preview_batch(batch=batch)


def outcome_counts(batch):
    return (batch.rows_new, batch.rows_changed, batch.rows_unchanged, batch.rows_refused)


@pytest.fixture
def lumc(leiden):
    PersonFactory(first_name="Maria", last_name="Yazdanbakhsh", email="Maria.Yazdanbakhsh@lumc.nl")
    CallFactory(year=2022, action="KA171")
    return OrganisationalUnitFactory(
        institution=leiden, name="Leiden University Medical Center", abbreviation="LUMC"
    )


def test_projects_with_their_partners(project, lumc, staff, nagasaki, havana):
    ProjectPartner.objects.filter(project=project, institution=havana).delete()

    batch = previewed("projects", "projects.csv", staff)

    assert outcome_counts(batch) == (1, 1, 0, 1)
    rows = {row["number"]: row for row in batch.preview["rows"]}
    assert rows[2]["changes"] == [
        ["partners", "", "University of Havana"],
        ["title (English)", project.title, "Leiden-Nagasaki medical exchange"],
        ["project coordinator", str(project.lead_coordinator), "Maria Yazdanbakhsh"],
        ["home unit", str(project.home_unit), "LUMC"],
    ]
    assert rows[4]["problems"] == [
        ["Grant Agreement No.", "The portal has no call KA107 2019; add the call first."]
    ]

    confirm_batch(batch=batch, by=staff)
    havana_project = Project.objects.get(grant_agreement_number="2022-1-NL01-KA171-HED-000012345")
    assert (havana_project.slug, havana_project.awarded_budget, havana_project.start_date) == (
        "leiden-havana-staff-and-student-exchange",
        Decimal("82500.00"),
        datetime.date(2022, 8, 1),
    )
    assert list(havana_project.partners.values_list("name", flat=True)) == ["University of Havana"]
    assert set(project.partners.values_list("name", flat=True)) == {
        "Nagasaki University",
        "University of Havana",
    }
    assert outcome_counts(previewed("projects", "projects.csv", staff)) == (0, 0, 2, 1)
    assert set(
        ProjectPartner.history.filter(history_type="+", project_id=havana_project.pk).values_list(
            "history_change_reason", flat=True
        )
    ) == {f"Import #{batch.pk}: projects.csv"}

    undo_batch(batch=batch, by=staff)
    assert list(Project.objects.values_list("grant_agreement_number", flat=True)) == [
        GRANT_AGREEMENT
    ]
    assert list(project.partners.values_list("name", flat=True)) == ["Nagasaki University"]


def test_grant_lines_from_a_workbook(project, staff):
    batch = previewed("grant_lines", "grant-lines.xlsx", staff)

    assert outcome_counts(batch) == (2, 0, 0, 2)
    refused = {r["number"]: r["problems"] for r in batch.preview["rows"] if r["problems"]}
    assert refused == {
        4: [["Mobilities", "Enter at least 1."]],
        5: [
            ["Amount", "Enter a number."],
        ],
    }
    confirm_batch(batch=batch, by=staff)
    assert sorted(
        MobilityGrant.objects.values_list(
            "partner__name", "activity", "direction", "mobilities_planned", "amount_awarded"
        )
    ) == [
        ("Nagasaki University", "STA", "outgoing", 2, Decimal("4000.00")),
        ("University of Havana", "SMS", "incoming", 1, Decimal("7350.50")),
    ]
    assert outcome_counts(previewed("grant_lines", "grant-lines.xlsx", staff)) == (0, 0, 2, 2)


def test_offers_found_by_slug(project, staff):
    batch = previewed("offers", "offers.csv", staff)

    assert outcome_counts(batch) == (2, 0, 0, 1)
    refused = {r["number"]: r["problems"] for r in batch.preview["rows"] if r["problems"]}
    assert refused == {
        4: [
            [
                "Partner code",
                "No institution in the portal has this code; import the partners first.",
            ]
        ]
    }
    confirm_batch(batch=batch, by=staff)
    assert sorted(ExchangeOffer.objects.values_list("slug", "partner__name", "is_published")) == [
        ("nagasaki-tropical-medicine", "Nagasaki University", True),
        ("public-health-in-havana", "University of Havana", False),
    ]
    assert outcome_counts(previewed("offers", "offers.csv", staff)) == (0, 0, 2, 1)
