"""Writes on agreements, on partner contacts' access and on what partners do through it."""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobility.eligibility import mobility_problems
from mobility.history import AUTHOR_REASON_PREFIX
from mobility.models import STAFF_ACTIVITIES, Direction, Mobility
from mobility.services import save_mobility
from outbox.services import queue_email
from partners.models import Contact, Institution
from partners.services import RowChanges, store_rows
from projects.models import Project
from signed_links.services import renew_links, revoke_links

from .access import PARTNER_LINK_MAX_AGE, partner_url
from .models import (
    NOMINATION_UPLOAD,
    Agreement,
    MobilityResponse,
    Nomination,
    NominationDocument,
)

# The institution's fields a partner contact may change themselves (its factsheet).
FACTSHEET_FIELDS = ("name_local", "website", "city")
# What a partner contact may change of their institution's contact persons.
CONTACT_FIELDS = ("name", "email", "phone", "position")
# What a change made by a partner contact (who has no account) gives as its history reason.
PARTNER_CHANGE_REASON = AUTHOR_REASON_PREFIX + "{name} ({institution})"
NO_EMAIL_MESSAGE = gettext_lazy("This contact has no email address to send a link to.")
# Staff need this many days for travel around a staff mobility (Programme Guide).
STAFF_TRAVEL_DAYS = 2


def partner_change_reason(contact: Contact) -> str:
    return PARTNER_CHANGE_REASON.format(name=contact.name, institution=contact.institution.name)


# Agreements ---------------------------------------------------------------------------------


@transaction.atomic
def save_agreement(
    *, agreement: Agreement, conditions: RowChanges, by: AbstractBaseUser
) -> Agreement:
    """Create or update an agreement with its cooperation conditions, all or nothing."""
    agreement.full_clean()
    agreement.save()
    store_rows(changes=conditions, parent=agreement, parent_field="agreement")
    return agreement


# Access links -------------------------------------------------------------------------------


def send_partner_link(*, contact: Contact, language: str = "en") -> None:
    """Email the contact their access link through the outbox (on commit)."""
    if not contact.email:
        raise ValidationError(NO_EMAIL_MESSAGE, code="no_email")
    queue_email(
        to=contact.email,
        template="partner_access",
        context={
            "contact": contact,
            "institution": contact.institution,
            "partner_url": partner_url(contact, language=language),
            "link_days": PARTNER_LINK_MAX_AGE.days,
            "LANGUAGE_CODE": language,
        },
        language=language,
        holds_secret=True,
    )


def revoke_partner_links(*, contact: Contact, now: datetime.datetime) -> None:
    """Every access link sent to the contact's address stops working."""
    if not contact.email:
        raise ValidationError(NO_EMAIL_MESSAGE, code="no_email")
    revoke_links(address=contact.email, now=now)


def send_fresh_partner_link(
    *, contact: Contact, now: datetime.datetime, language: str = "en"
) -> bool:
    """Revoke the address's links and email a fresh one; False when one went out a few
    minutes ago."""
    with transaction.atomic():
        if not renew_links(address=contact.email, now=now):
            return False
        send_partner_link(contact=contact, language=language)
    return True


def contact_for_address(address: str) -> Contact:
    """The contact with this address (the newest one if several); Contact.DoesNotExist."""
    contact = (
        Contact.objects.select_related("institution")
        .filter(email__iexact=address.strip())
        .order_by("-pk")
        .first()
    )
    if contact is None:
        raise Contact.DoesNotExist(address)
    return contact


# What partners do ---------------------------------------------------------------------------


@transaction.atomic
def answer_mobility(
    *, mobility: Mobility, contact: Contact, answer: str, comment: str, now: datetime.datetime
) -> MobilityResponse:
    """The contact's answer for one of our outgoing participants to their institution."""
    if mobility.partner_id != contact.institution_id or mobility.direction != Direction.OUTGOING:
        raise ValidationError(_("This participant is not coming to your institution."))
    if not mobility.awaits_partner_answer:
        raise ValidationError(
            _("This stay is no longer waiting for your answer: it is %(status)s.")
            % {"status": mobility.get_status_display().lower()}
        )
    response = MobilityResponse.objects.filter(mobility=mobility).first() or MobilityResponse(
        mobility=mobility
    )
    response.answer = answer
    response.comment = comment.strip()
    response.contact = contact
    response.answered_at = now
    response.full_clean()
    response._change_reason = partner_change_reason(contact)
    response.save()
    return response


def partner_projects(institution: Institution):
    """The projects the institution is a partner in."""
    return Project.objects.filter(project_partners__institution=institution).distinct()


@transaction.atomic
def nominate_candidate(
    *, contact: Contact, project: Project, details: Mapping[str, object]
) -> Nomination:
    """Store a contact's incoming candidate for one of their institution's projects."""
    if not partner_projects(contact.institution).filter(pk=project.pk).exists():
        raise ValidationError({"project": _("Your institution is not a partner in this project.")})
    nomination = Nomination(
        project=project, partner=contact.institution, nominated_by=contact, **details
    )
    nomination.full_clean()
    nomination._change_reason = partner_change_reason(contact)
    nomination.save()
    return nomination


NOMINATION_CLOSED_MESSAGE = gettext_lazy(
    "The office has decided on this nomination: its documents can no longer change."
)


def _open_nomination_of(contact: Contact, nomination: Nomination) -> Nomination:
    """The nomination locked, if it is the contact's institution's and still waits for us."""
    locked = (
        Nomination.objects.select_for_update()
        .filter(pk=nomination.pk, partner_id=contact.institution_id)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This is not one of your institution's nominations."))
    if locked.status != Nomination.Status.PENDING:
        raise ValidationError(NOMINATION_CLOSED_MESSAGE, code="decided")
    return locked


def upload_nomination_document(
    *, contact: Contact, nomination: Nomination, kind: str, upload
) -> NominationDocument:
    """Attach (or replace) one document of an open nomination, checked by content and size."""
    try:
        NOMINATION_UPLOAD(upload)
    except ValidationError as error:
        raise ValidationError({"file": error}) from error
    with transaction.atomic():
        locked = _open_nomination_of(contact, nomination)
        document = locked.documents.filter(kind=kind).first()
        old_name = document.file.name if document else None
        document = document or NominationDocument(nomination=locked, kind=kind)
        document.original_name = upload.name[-200:]
        document.file.save(upload.name, upload, save=False)
        document.full_clean(exclude=["nomination"])
        document.save()
    if old_name and old_name != document.file.name:
        document.file.storage.delete(old_name)
    return document


def remove_nomination_document(*, contact: Contact, nomination: Nomination, kind: str) -> None:
    """Remove one document of an open nomination, its file from the storage too."""
    with transaction.atomic():
        locked = _open_nomination_of(contact, nomination)
        document = locked.documents.filter(kind=kind).first()
        if document is None:
            return
        name = document.file.name
        document.delete()
    document.file.storage.delete(name)


@transaction.atomic
def update_factsheet(
    *,
    contact: Contact,
    values: Mapping[str, str],
    contacts: Iterable[tuple[Contact, Mapping[str, str]]] = (),
) -> Institution:
    """The contact's change to their institution's factsheet fields and contacts; history
    names the contact."""
    institution = Institution.objects.select_for_update().get(pk=contact.institution_id)
    for name in FACTSHEET_FIELDS:
        if name in values:
            setattr(institution, name, values[name])
    institution.full_clean()
    institution._change_reason = partner_change_reason(contact)
    institution.save()
    for row, row_values in contacts:
        if row.institution_id != institution.pk:
            raise ValidationError(_("This contact belongs to another institution."))
        for name, value in row_values.items():
            setattr(row, name, value)
        row.full_clean()
        row._change_reason = partner_change_reason(contact)
        row.save()
    return institution


# Nominations (staff) ------------------------------------------------------------------------


def mobility_for_nomination(nomination: Nomination) -> Mobility:
    """The planned incoming mobility a nomination becomes (unsaved)."""
    is_staff = nomination.activity in STAFF_ACTIVITIES
    return Mobility(
        project=nomination.project,
        partner=nomination.partner,
        activity=nomination.activity,
        direction=Direction.INCOMING,
        status=Mobility.Status.NOMINATED,
        first_name=nomination.first_name,
        last_name=nomination.last_name,
        email=nomination.email,
        gender=nomination.gender,
        birth_date=nomination.birth_date,
        nationality=nomination.nationality,
        level=nomination.level,
        planned_start=nomination.planned_start,
        planned_end=nomination.planned_end,
        travel_days=STAFF_TRAVEL_DAYS if is_staff else 0,
        inclusion_support=Decimal("0"),
    )


def nomination_problems(nomination: Nomination, *, rate_table=None) -> list[str]:
    """Why the nomination cannot become a mobility as it is: the call's eligibility rules.
    `rate_table` (of the project's call) spares reading it again for every nomination."""
    mobility = mobility_for_nomination(nomination)
    try:
        # The model's clean() mirrors its constraints: no query per constraint and row.
        mobility.full_clean(
            exclude=["project", "partner"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        return [message for messages in error.message_dict.values() for message in messages]
    return mobility_problems(mobility, rate_table=rate_table)


@transaction.atomic
def accept_nomination(*, nomination: Nomination, by: AbstractBaseUser) -> Mobility:
    """Create the planned incoming mobility (grant calculated) for a pending nomination."""
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if locked.status != Nomination.Status.PENDING:
        raise ValidationError(_("This nomination was already decided."), code="decided")
    problems = nomination_problems(locked)
    if problems:
        raise ValidationError(problems, code="not_eligible")
    mobility = save_mobility(mobility=mobility_for_nomination(locked), by=by)
    locked.status = Nomination.Status.ACCEPTED
    locked.mobility = mobility
    locked.save(update_fields=["status", "mobility", "updated_at"])
    nomination.status, nomination.mobility = locked.status, mobility
    return mobility


@transaction.atomic
def decline_nomination(*, nomination: Nomination, by: AbstractBaseUser) -> Nomination:
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if locked.status != Nomination.Status.PENDING:
        raise ValidationError(_("This nomination was already decided."), code="decided")
    locked.status = Nomination.Status.DECLINED
    locked.save(update_fields=["status", "updated_at"])
    nomination.status = locked.status
    return locked
