"""Two projects (A led by coordinator A, B by coordinator B) with a staff-teaching offer open
for applications under A, its grant line, and applicants at different stages."""

import datetime
import io
import zipfile
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications import services
from applications.models import Application, CallForApplications, DocumentKind
from mobility.models import Activity, Level
from mobility.rates import seed_rates
from tests.factories import (
    ExchangeOfferFactory,
    HomeInstitutionFactory,
    InstitutionFactory,
    MobilityGrantFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)
from tests.workspace.conftest import MODEL_BACKEND, make_coordinator, make_staff

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name: str = "cv.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@dataclass
class OfferWorld:
    project: object
    partner: object
    grant_line: object
    offer: object
    call: object


def make_offer_world(*, coordinator, title: str, slug: str) -> OfferWorld:
    partner = InstitutionFactory(name=f"Partner of {title}")
    project = ProjectFactory(title=title, lead_coordinator=coordinator.person)
    ProjectPartnerFactory(project=project, institution=partner)
    grant_line = MobilityGrantFactory(
        project=project, partner=partner, mobilities_planned=2, amount_awarded="4000.00"
    )
    offer = ExchangeOfferFactory(
        project=project,
        partner=partner,
        slug=slug,
        title=f"Teaching at {title}",
        activity=Activity.TEACHING,
        level=Level.STAFF,
        places=2,
        duration_days=5,
        period_start=datetime.date(2021, 3, 1),
        period_end=datetime.date(2021, 6, 30),
        application_deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    call = CallForApplications.objects.create(
        offer=offer, is_open=True, required_documents=[DocumentKind.CV]
    )
    return OfferWorld(
        project=project, partner=partner, grant_line=grant_line, offer=offer, call=call
    )


def complete_draft(offer, email: str, *, last_name: str = "Jansen") -> Application:
    """A draft with everything filled in and the CV uploaded."""
    application = services.start_or_resume_draft(offer=offer, email=email, language="nl")
    services.save_draft(
        application=application,
        data={
            "first_name": "Eva",
            "last_name": last_name,
            "birth_date": datetime.date(1985, 4, 2),
            "nationality": "NL",
            "gender": "F",
            "home_unit": "Faculty of Science",
            "level": Level.STAFF,
            "field_of_education": "0533 Physics",
            "motivation": "I teach optics and want to teach it there.",
            "preferred_start": datetime.date(2021, 3, 8),
            "preferred_end": datetime.date(2021, 3, 12),
        },
        languages=[("en", "C1")],
    )
    services.upload_document(application=application, kind=DocumentKind.CV, upload=pdf_upload())
    return application


def submitted(offer, email: str, **kwargs) -> Application:
    application = complete_draft(offer, email, **kwargs)
    return services.submit_application(application=application, now=timezone.now())


def reviewed_and_selected(world, application: Application, *, reviewer) -> Application:
    """The application scored 8 of 10 by the reviewer, on a motivation criterion, and the
    offer's places allocated: with one applicant, it is selected."""
    criterion = world.call.criteria.create(name="Motivation", weight=1, scale_max=10)
    services.save_review(
        application=application,
        reviewer=reviewer,
        scores={criterion.pk: (8, "")},
        conflict_of_interest=False,
        conflict_note="",
        submit=True,
    )
    services.allocate(offer=world.offer)
    return application


@pytest.fixture
def rates(db):
    seed_rates()
    HomeInstitutionFactory()


@pytest.fixture
def staff_user(db):
    return make_staff()


@pytest.fixture
def coordinator_a(db):
    return make_coordinator("coordinator-a", first_name="Maria", last_name="Yazdanbakhsh")


@pytest.fixture
def coordinator_b(db):
    return make_coordinator("coordinator-b", first_name="Kenji", last_name="Sato")


@pytest.fixture
def world_a(coordinator_a) -> OfferWorld:
    return make_offer_world(coordinator=coordinator_a, title="Leiden and Havana", slug="teach-a")


@pytest.fixture
def world_b(coordinator_b) -> OfferWorld:
    return make_offer_world(coordinator=coordinator_b, title="LUMC and Nagasaki", slug="teach-b")


@pytest.fixture
def login(client):
    def log_in(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend=MODEL_BACKEND)
        return client

    return log_in
