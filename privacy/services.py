"""Personal data: anonymising it after the retention period, exporting and erasing it on request.

Participants of mobilities and students who registered interest are the people whose data
the portal holds. Erasing keeps every row and its history (budgets and EU reports still
add up) but replaces what identifies the person, in the history too, with "erased".
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from mobility.models import InterestRegistration, Mobility
from outbox.models import OutgoingEmail
from projects.models import Person

ERASED = "erased"
ERASED_REASON = "erased"
MOBILITY_PERSONAL_FIELDS = {
    "first_name": ERASED,
    "last_name": ERASED,
    "gender": "",
    "birth_date": None,
    "nationality": "",
    "participant_id": "",
}
# Free text about the participant's circumstances (illness, family, needs): replaced where
# written, left empty where empty, since the flags beside them require them together.
MOBILITY_PERSONAL_TEXTS = ("force_majeure_explanation", "exceptional_travel_cost_justification")
REGISTRATION_PERSONAL_FIELDS = {"name": ERASED, "study_programme": ERASED, "motivation": ERASED}


def erased_email(kind: str, pk: int) -> str:
    return f"{ERASED}-{kind}-{pk}@invalid.example"


@dataclass
class ErasureReport:
    mobilities: list[int] = field(default_factory=list)
    registrations: list[int] = field(default_factory=list)
    emails: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.mobilities) + len(self.registrations) + len(self.emails)


def retention_cutoff(*, today: date) -> date:
    """Projects that ended on or before this date have outlived the retention period."""
    years = settings.PERSONAL_DATA_RETENTION_YEARS
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _erase_mobility(mobility: Mobility) -> None:
    for name, value in MOBILITY_PERSONAL_FIELDS.items():
        setattr(mobility, name, value)
    for name in MOBILITY_PERSONAL_TEXTS:
        if getattr(mobility, name).strip():
            setattr(mobility, name, ERASED)
    mobility.email = erased_email("mobility", mobility.pk)
    mobility._change_reason = ERASED_REASON
    mobility.save()
    history = mobility.history.exclude(history_change_reason=ERASED_REASON)
    history.update(**MOBILITY_PERSONAL_FIELDS, email=mobility.email)
    for name in MOBILITY_PERSONAL_TEXTS:
        history.exclude(**{name: ""}).update(**{name: ERASED})


def _erase_registration(registration: InterestRegistration) -> None:
    for name, value in REGISTRATION_PERSONAL_FIELDS.items():
        setattr(registration, name, value)
    registration.email = erased_email("registration", registration.pk)
    registration.save()


def _erase_email(email: OutgoingEmail) -> None:
    email.to = erased_email("email", email.pk)
    email.subject = ERASED
    # A sent email that held a secret has no text left, and may have none (a database check).
    email.body_text = "" if email.body_removed else ERASED
    email.body_html = ""
    email.save(update_fields=["to", "subject", "body_text", "body_html"])


def _erase(mobilities, registrations, emails, *, dry_run: bool) -> ErasureReport:
    report = ErasureReport(
        mobilities=list(mobilities.values_list("pk", flat=True)),
        registrations=list(registrations.values_list("pk", flat=True)),
        emails=list(emails.values_list("pk", flat=True)),
    )
    if dry_run:
        return report
    with transaction.atomic():
        for mobility in mobilities.select_for_update():
            _erase_mobility(mobility)
        for registration in registrations.select_for_update():
            _erase_registration(registration)
        for email in emails.select_for_update():
            _erase_email(email)
    return report


def anonymise_expired(*, today: date, dry_run: bool = False) -> ErasureReport:
    """Anonymise participants and registrations of projects past the retention period, with
    the outbox's copies of the emails sent to them."""
    cutoff = retention_cutoff(today=today)
    not_erased = ~Q(email__startswith=f"{ERASED}-")
    mobilities = Mobility.objects.filter(not_erased, project__end_date__lte=cutoff)
    registrations = InterestRegistration.objects.filter(
        not_erased, offer__project__end_date__lte=cutoff
    )
    emails = _emails_to_people_only_in(mobilities, registrations)
    return _erase(mobilities, registrations, emails, dry_run=dry_run)


def _emails_to_people_only_in(mobilities, registrations):
    """Outbox rows sent to the addresses of these records, unless the portal still holds
    something else under that address (a later mobility or registration, a coordinator):
    then they go when that does."""
    addresses = _lower_emails(mobilities) | _lower_emails(registrations)
    kept = (
        _lower_emails(Mobility.objects.exclude(pk__in=mobilities.values("pk")), addresses)
        | _lower_emails(
            InterestRegistration.objects.exclude(pk__in=registrations.values("pk")), addresses
        )
        | _lower_emails(Person.objects.all(), addresses)
    )
    return OutgoingEmail.objects.alias(to_lower=Lower("to")).filter(
        to_lower__in=sorted(addresses - kept)
    )


def _lower_emails(queryset, among: set[str] | None = None) -> set[str]:
    queryset = queryset.annotate(email_lower=Lower("email"))
    if among is not None:
        queryset = queryset.filter(email_lower__in=sorted(among))
    return set(queryset.values_list("email_lower", flat=True))


def _matching(email_address: str):
    return (
        Mobility.objects.filter(email__iexact=email_address),
        InterestRegistration.objects.filter(email__iexact=email_address),
        OutgoingEmail.objects.filter(to__iexact=email_address),
    )


def erase_person(*, email_address: str, dry_run: bool = False) -> ErasureReport:
    """Erase what is held about the person with this email address (right to erasure)."""
    return _erase(*_matching(email_address), dry_run=dry_run)


def export_person(*, email_address: str) -> dict:
    """Everything the portal holds about the person with this email address, as plain data."""
    mobilities, registrations, emails = _matching(email_address)
    return {
        "email": email_address,
        "exported_at": timezone.now().isoformat(),
        "coordinator": list(
            Person.objects.filter(email__iexact=email_address).values(
                "first_name", "last_name", "email", "phone", "language"
            )
        ),
        "mobilities": [
            {
                "project": m.project.title,
                "partner": m.partner.name,
                "activity": m.activity,
                "direction": m.direction,
                "status": m.status,
                "first_name": m.first_name,
                "last_name": m.last_name,
                "email": m.email,
                "gender": m.gender,
                "birth_date": m.birth_date.isoformat() if m.birth_date else None,
                "nationality": str(m.nationality),
                "participant_id": m.participant_id,
                "force_majeure_explanation": m.force_majeure_explanation,
                "exceptional_travel_cost_justification": m.exceptional_travel_cost_justification,
                "planned_start": m.planned_start.isoformat(),
                "planned_end": m.planned_end.isoformat(),
                "individual_support": str(m.individual_support),
                "travel_support": str(m.travel_support),
            }
            for m in mobilities.select_related("project", "partner")
        ],
        "interest_registrations": [
            {
                "offer": r.offer.title,
                "name": r.name,
                "email": r.email,
                "study_programme": r.study_programme,
                "level": r.level,
                "motivation": r.motivation,
                "status": r.status,
                "registered_at": r.created_at.isoformat(),
            }
            for r in registrations.select_related("offer")
        ],
        "emails": list(
            emails.values("subject", "status", "created_at", "sent_at").order_by("created_at")
        ),
    }
