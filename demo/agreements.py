"""The demo's inter-institutional agreement with the University of Havana, signed by both,
and the link that shows its contact's partner pages."""

from datetime import date
from decimal import Decimal

from agreements.access import partner_url
from agreements.models import Agreement, CooperationCondition
from agreements.selectors import academic_year_of
from partners.models import Contact, Institution

AGREEMENT_CODE = "LEIDEN-HAVANA-IIA"
PARTNER_NAME = "University of Havana"
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


def load_demo_agreement(*, today: date) -> None:
    """The signed agreement (created when missing, kept as it is otherwise)."""
    partner = Institution.objects.filter(name=PARTNER_NAME).first()
    if partner is None or Agreement.objects.filter(iia_code=AGREEMENT_CODE).exists():
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


def demo_partner_link() -> str:
    """A fresh access link of the Havana contact ("" when the demo has no such contact)."""
    contact = (
        Contact.objects.filter(institution__name=PARTNER_NAME).exclude(email="").order_by("pk")
    ).first()
    return partner_url(contact) if contact else ""
