"""The demo's inter-institutional agreement with the University of Havana, signed by both,
a candidate its contact nominated (with a CV), and the link that shows its contact's
partner pages."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile

from agreements.access import partner_url
from agreements.models import Agreement, CooperationCondition, Nomination
from agreements.selectors import academic_year_of
from agreements.services import nominate_candidate, partner_projects, upload_nomination_document
from ops.pdf import html_to_pdf
from partners.models import Contact, Institution

AGREEMENT_CODE = "LEIDEN-HAVANA-IIA"
PARTNER_NAME = "University of Havana"
# Our trainee nominated to UC Irvine waits for its answer on the partner's pages.
NOMINATED_TO = "University of California, Irvine"
CONDITIONS = [
    {
        "direction": "outgoing",
        "mobility_type": "STA",
        "mobilities_per_year": 4,
        "total_days_per_year": 20,
        "subject_area": "0912",
        "language": "es",
        "cefr_level": "B1",
    },
    {
        "direction": "incoming",
        "mobility_type": "STT",
        "mobilities_per_year": 3,
        "total_days_per_year": 15,
        "subject_area": "0912",
        "language": "en",
        "cefr_level": "B2",
    },
    {
        "direction": "incoming",
        "mobility_type": "SMS",
        "mobilities_per_year": 2,
        "total_months_per_year": Decimal("10.0"),
        "subject_area": "0912",
        "eqf_level": 7,
        "language": "en",
        "cefr_level": "B2",
    },
]


NOMINEE_EMAIL = "yanet.rodriguez@uh.example.org"


def load_demo_agreement(*, today: date) -> None:
    """The signed agreement and the nomination (created when missing, kept otherwise)."""
    partner = Institution.objects.filter(name=PARTNER_NAME).first()
    if partner is None:
        return
    _load_demo_nomination(partner, today=today)
    if Agreement.objects.filter(iia_code=AGREEMENT_CODE).exists():
        return
    first_year = academic_year_of(today) - 1
    agreement = Agreement.objects.create(
        partner=partner,
        iia_code=AGREEMENT_CODE,
        first_academic_year=first_year,
        last_academic_year=first_year + 4,
        status=Agreement.Status.SIGNED_BY_BOTH,
        our_signatory="Hester Bijl, Vice-Rector Magnificus",
        our_signing_date=date(first_year, 6, 3),
        partner_signatory="Miriam Nicado García, Rector",
        partner_signing_date=date(first_year, 6, 17),
    )
    CooperationCondition.objects.bulk_create(
        CooperationCondition(agreement=agreement, **values) for values in CONDITIONS
    )


def demo_partner_link(institution_name: str = PARTNER_NAME) -> str:
    """A fresh access link of the institution's first contact with an address ("" when the
    demo has no such contact): Havana by default."""
    contact = (
        Contact.objects.filter(institution__name=institution_name).exclude(email="").order_by("pk")
    ).first()
    return partner_url(contact) if contact else ""


def _load_demo_nomination(partner: Institution, *, today: date) -> None:
    """A staff-training candidate from Havana waiting for the office, with her CV."""
    contact = partner.contacts.exclude(email="").order_by("pk").first()
    project = partner_projects(partner).order_by("-end_date").first()
    if (
        contact is None
        or project is None
        or Nomination.objects.filter(email=NOMINEE_EMAIL).exists()
    ):
        return
    start = today + timedelta(days=60)
    nomination = nominate_candidate(
        contact=contact,
        project=project,
        details={
            "first_name": "Yanet",
            "last_name": "Rodríguez",
            "email": NOMINEE_EMAIL,
            "birth_date": date(1988, 2, 14),
            "nationality": "CU",
            "gender": "F",
            "activity": "STT",
            "level": "staff",
            "planned_start": start,
            "planned_end": start + timedelta(days=4),
        },
    )
    cv = html_to_pdf("<h1>Yanet Rodríguez</h1><p>Librarian, University of Havana.</p>")
    upload_nomination_document(
        contact=contact,
        nomination=nomination,
        kind="cv",
        upload=ContentFile(cv, name="cv-yanet-rodriguez.pdf"),
    )
