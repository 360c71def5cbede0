"""Personal data: anonymising it after the retention period, exporting and erasing it on request.

Participants of mobilities and students who registered interest are the people whose data
the portal holds. Erasing keeps every row and its history (budgets and EU reports still
add up) but replaces what identifies the person, in the history too, with "erased".
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, Q, Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone

from agreements.models import Nomination, NominationDocument
from applications.models import Application, ApplicationDocument, LanguageSkill, Review
from applications.selectors import status_histories
from documents.models import ParticipantFile
from mobility.models import InterestRegistration, Mobility
from outbox.models import OutgoingEmail
from projects.models import Deadline, Person

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
PERSON_PERSONAL_FIELDS = {"first_name": ERASED, "last_name": ERASED, "phone": ""}
APPLICATION_PERSONAL_FIELDS = {
    "first_name": ERASED,
    "last_name": ERASED,
    "birth_date": None,
    "nationality": "",
    "gender": "",
    "home_unit": "",
    "field_of_education": "",
    "motivation": ERASED,
}


def erased_email(kind: str, pk: int) -> str:
    return f"{ERASED}-{kind}-{pk}@invalid.example"


@dataclass
class ErasureReport:
    """The ids of the rows erased; mobilities and people include deleted ones, whose
    history was all that was left of them."""

    mobilities: list[int] = field(default_factory=list)
    registrations: list[int] = field(default_factory=list)
    emails: list[int] = field(default_factory=list)
    people: list[int] = field(default_factory=list)
    applications: list[int] = field(default_factory=list)
    nominations: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(
            len(ids)
            for ids in (
                self.mobilities,
                self.registrations,
                self.emails,
                self.people,
                self.applications,
                self.nominations,
            )
        )


def retention_cutoff(*, today: date) -> date:
    """Projects that ended on or before this date have outlived the retention period."""
    years = settings.PERSONAL_DATA_RETENTION_YEARS
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _erase_mobility(pk: int) -> None:
    """The mobility (if it still exists), every version of it in its history, and its name in
    the titles of its milestones ("Participant report: <name>") and their history."""
    email = erased_email("mobility", pk)
    versions = Mobility.history.filter(id=pk)
    names = {
        f"{first_name} {last_name}"
        for first_name, last_name in versions.values_list("first_name", "last_name")
    }
    mobility = Mobility.objects.filter(pk=pk).select_for_update().first()
    if mobility is not None:
        names.add(f"{mobility.first_name} {mobility.last_name}")
        for name, value in MOBILITY_PERSONAL_FIELDS.items():
            setattr(mobility, name, value)
        for name in MOBILITY_PERSONAL_TEXTS:
            if getattr(mobility, name).strip():
                setattr(mobility, name, ERASED)
        mobility.email = email
        mobility._change_reason = ERASED_REASON
        mobility.save()
    versions = versions.exclude(history_change_reason=ERASED_REASON)
    versions.update(**MOBILITY_PERSONAL_FIELDS, email=email)
    for name in MOBILITY_PERSONAL_TEXTS:
        versions.exclude(**{name: ""}).update(**{name: ERASED})
    for name in sorted(names - {f"{ERASED} {ERASED}"}, key=len, reverse=True):
        erased_title = Replace("title", Value(name), Value(f"{ERASED} {ERASED}"))
        Deadline.objects.filter(mobility_id=pk).update(title=erased_title)
        Deadline.history.filter(mobility_id=pk).update(title=erased_title)
    _erase_participant_file(pk)


def _erase_participant_file(mobility_pk: int) -> None:
    """What the participant uploaded (deleted from the storage too) and wrote."""
    file = ParticipantFile.objects.filter(mobility_id=mobility_pk).first()
    if file is None:
        return
    for name in ("signed_agreement", "certificate"):
        stored = getattr(file, name)
        if stored:
            stored.delete(save=False)
            # A file and its upload time go together (a database check); the payments that
            # followed the upload stay.
            setattr(file, f"{name}_uploaded_at", None)
    if file.report_text.strip():
        file.report_text = ERASED
    file.save()


def _erase_person(pk: int) -> None:
    """A person of the office's address book (if still there) and every version of them, and
    their login account: closed, with nothing left that names them."""
    values = {**PERSON_PERSONAL_FIELDS, "email": erased_email("person", pk)}
    person = (
        Person.objects.filter(pk=pk).select_for_update(of=("self",)).select_related("user").first()
    )
    if person is not None:
        for name, value in values.items():
            setattr(person, name, value)
        person._change_reason = ERASED_REASON
        person.save()
        if person.user is not None:
            _close_account(person.user, email=values["email"], pk=pk)
    Person.history.filter(id=pk).exclude(history_change_reason=ERASED_REASON).update(**values)


def _close_account(user, *, email: str, pk: int) -> None:
    user.username = f"{ERASED}-person-{pk}"
    user.first_name = user.last_name = ERASED
    user.email = email
    user.is_active = False
    user.set_unusable_password()
    user.save()


def _erase_registration(registration: InterestRegistration) -> None:
    for name, value in REGISTRATION_PERSONAL_FIELDS.items():
        setattr(registration, name, value)
    registration.email = erased_email("registration", registration.pk)
    registration.save()


def _erase_application(pk: int) -> None:
    """An application, every version of it, its language skills and its uploaded files
    (deleted from the storage too)."""
    values = {**APPLICATION_PERSONAL_FIELDS, "email": erased_email("application", pk)}
    application = Application.objects.filter(pk=pk).select_for_update(of=("self",)).first()
    if application is not None:
        for document in application.documents.all():
            document.file.delete(save=False)
            document.delete()
        LanguageSkill.objects.filter(application=application).delete()
        Application.objects.filter(pk=pk).update(**values)
    Application.history.filter(id=pk).update(**values)


def _erase_email(email: OutgoingEmail) -> None:
    email.to = erased_email("email", email.pk)
    email.subject = ERASED
    # A sent email that held a secret has no text left, and may have none (a database check).
    email.body_text = "" if email.body_removed else ERASED
    email.body_html = ""
    email.save(update_fields=["to", "subject", "body_text", "body_html"])


def _ids(queryset, history_queryset=None) -> list[int]:
    """The ids of the rows, and of deleted rows whose history matches too."""
    ids = set(queryset.values_list("pk", flat=True))
    if history_queryset is not None:
        ids |= set(history_queryset.values_list("id", flat=True))
    return sorted(ids)


def _erase(
    mobilities,
    registrations,
    emails,
    people,
    *,
    dry_run: bool,
    applications=None,
    nominations=None,
) -> ErasureReport:
    """Erase the rows of these querysets; mobilities and people are (live rows, history rows):
    history rows of deleted ones are erased too."""
    report = ErasureReport(
        mobilities=_ids(*mobilities),
        registrations=_ids(registrations),
        emails=_ids(emails),
        people=_ids(*people),
        applications=_ids(*applications) if applications else [],
        nominations=_ids(*nominations) if nominations else [],
    )
    if dry_run:
        return report
    with transaction.atomic():
        for pk in report.mobilities:
            _erase_mobility(pk)
        for registration in registrations.select_for_update():
            _erase_registration(registration)
        for email in emails.select_for_update():
            _erase_email(email)
        for pk in report.people:
            _erase_person(pk)
        for pk in report.applications:
            _erase_application(pk)
        # A partner's nomination holds nothing the budgets need once decided: it goes,
        # with its history and its documents' files (an accepted one lives on as its
        # mobility, erased above).
        for document in NominationDocument.objects.filter(nomination__in=report.nominations):
            document.file.delete(save=False)
        Nomination.objects.filter(pk__in=report.nominations).delete()
        Nomination.history.filter(id__in=report.nominations).delete()
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
    # Mobilities deleted from such projects live on in their history only.
    deleted = Mobility.history.filter(
        not_erased,
        project__end_date__lte=cutoff,
        history_type="-",
    ).exclude(id__in=Mobility.objects.values("pk"))
    applications = Application.objects.filter(not_erased, offer__project__end_date__lte=cutoff)
    emails = _emails_to_people_only_in(mobilities, registrations, applications)
    return _erase(
        (mobilities, deleted),
        registrations,
        emails,
        (Person.objects.none(),),
        applications=(applications,),
        nominations=(
            Nomination.objects.filter(project__end_date__lte=cutoff),
            Nomination.history.filter(project__end_date__lte=cutoff),
        ),
        dry_run=dry_run,
    )


def _emails_to_people_only_in(mobilities, registrations, applications):
    """Outbox rows sent to the addresses of these records, unless the portal still holds
    something else under that address (a later mobility, registration or application, a
    coordinator): then they go when that does."""
    addresses = (
        _lower_emails(mobilities) | _lower_emails(registrations) | _lower_emails(applications)
    )
    kept = (
        _lower_emails(Mobility.objects.exclude(pk__in=mobilities.values("pk")), addresses)
        | _lower_emails(
            InterestRegistration.objects.exclude(pk__in=registrations.values("pk")), addresses
        )
        | _lower_emails(Application.objects.exclude(pk__in=applications.values("pk")), addresses)
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
    """Erase what is held about the person with this email address (right to erasure): their
    mobilities, registrations, applications (their files too), emails and address-book
    entries, deleted ones' history too."""
    mobilities, registrations, emails = _matching(email_address)
    return _erase(
        (mobilities, Mobility.history.filter(email__iexact=email_address)),
        registrations,
        emails,
        (
            Person.objects.filter(email__iexact=email_address),
            Person.history.filter(email__iexact=email_address),
        ),
        applications=(
            Application.objects.filter(email__iexact=email_address),
            Application.history.filter(email__iexact=email_address),
        ),
        nominations=(
            Nomination.objects.filter(email__iexact=email_address),
            Nomination.history.filter(email__iexact=email_address),
        ),
        dry_run=dry_run,
    )


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
        "applications": _export_applications(email_address),
        "emails": list(
            emails.values("subject", "status", "created_at", "sent_at").order_by("created_at")
        ),
    }


def _export_applications(email_address: str) -> list[dict]:
    """The person's applications: what they entered, their language skills, the documents
    they uploaded (listed: the export is one JSON file), every status the application went
    through, the decision, and each submitted review's scores per criterion. Reviewers'
    names, comments and declared conflicts are the reviewers' notes and stay out."""
    applications = (
        Application.objects.filter(email__iexact=email_address)
        .select_related("offer")
        .prefetch_related(
            "language_skills",
            Prefetch("documents", ApplicationDocument.objects.order_by("uploaded_at", "kind")),
            Prefetch(
                "reviews",
                Review.objects.filter(submitted_at__isnull=False)
                .order_by("submitted_at", "pk")
                .prefetch_related("scores__criterion"),
            ),
        )
        .order_by("created_at", "pk")
    )
    histories = status_histories([application.pk for application in applications])
    return [
        {
            "offer": a.offer.title,
            "status": a.status,
            "language": a.language,
            "first_name": a.first_name,
            "last_name": a.last_name,
            "email": a.email,
            "birth_date": a.birth_date.isoformat() if a.birth_date else None,
            "nationality": str(a.nationality),
            "gender": a.gender,
            "home_unit": a.home_unit,
            "level": a.level,
            "field_of_education": a.field_of_education,
            "motivation": a.motivation,
            "preferred_start": a.preferred_start.isoformat() if a.preferred_start else None,
            "preferred_end": a.preferred_end.isoformat() if a.preferred_end else None,
            "created_at": a.created_at.isoformat(),
            "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
            "rank": a.rank,
            "decision_emailed": a.decision_notified,
            "language_skills": [
                {"language": skill.language, "level": skill.level}
                for skill in a.language_skills.all()
            ],
            "documents": [
                {
                    "kind": document.kind,
                    "file_name": document.original_name,
                    "uploaded_at": document.uploaded_at.isoformat(),
                }
                for document in a.documents.all()
            ],
            "status_history": [
                {"status": record.status, "at": record.history_date.isoformat()}
                for record in histories.get(a.pk, [])
            ],
            "reviews": [
                {
                    "conflict_of_interest": review.conflict_of_interest,
                    "submitted_at": review.submitted_at.isoformat(),
                    "scores": [
                        {
                            "criterion": score.criterion.name,
                            "score": score.value,
                            "highest_score": score.criterion.scale_max,
                        }
                        for score in review.scores.all()
                    ],
                }
                for review in a.reviews.all()
            ],
        }
        for a in applications
    ]
