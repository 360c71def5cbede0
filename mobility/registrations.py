"""Students' registrations of interest in exchange offers: when an offer is open, and the write.

An offer is open for interest while it is published under a public project, its
application deadline (a date, inclusive) has not passed, and its places are not filled.
"Places filled" means that staff have nominated as many registrations as the offer has
places: registrations that are new, contacted or declined do not use up a place, so
students can keep registering until the International Relations Office has chosen.

A registration is changed only by staff (its status) or through a signed link sent to its
own address (its details): registering again with a known address changes nothing, and
the public form answers the same whether or not the address was known.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from outbox.services import queue_email
from projects.models import Project
from signed_links.services import renew_links
from signed_links.tokens import (
    LinkExpired,
    LinkRevoked,
    check_current,
    make_token,
    read_any_age,
    read_token,
)

from .models import ExchangeOffer, InterestRegistration, reject_address_literal

CLOSED_MESSAGE = _("This offer is closed: it no longer accepts registrations of interest.")
REGISTRATION_LINK_SALT = "mobility.registration"
REGISTRATION_LINK_MAX_AGE = datetime.timedelta(days=30)
# The public form makes us email one registration's address at most this often.
PUBLIC_EMAIL_INTERVAL = datetime.timedelta(days=1)


@dataclass(frozen=True)
class RegistrationResult:
    registration: InterestRegistration
    created: bool


def with_availability(offers: QuerySet[ExchangeOffer], *, today: datetime.date) -> QuerySet:
    """Annotate nominated_count and is_open (published, deadline not passed, places left)."""
    nominated = (
        InterestRegistration.objects.filter(
            offer=OuterRef("pk"), status=InterestRegistration.Status.NOMINATED
        )
        .order_by()
        .values("offer")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return offers.annotate(nominated_count=Coalesce(Subquery(nominated), 0)).annotate(
        is_open=ExpressionWrapper(
            Q(is_published=True)
            & Q(project__status__in=Project.PUBLIC_STATUSES)
            & Q(application_deadline__gte=today)
            & Q(nominated_count__lt=F("places")),
            output_field=BooleanField(),
        )
    )


def is_open_for_interest(offer: ExchangeOffer, *, today: datetime.date) -> bool:
    """The same rule as with_availability, for one offer read from the database now."""
    return (
        with_availability(ExchangeOffer.objects.filter(pk=offer.pk), today=today)
        .filter(is_open=True)
        .exists()
    )


@transaction.atomic
def register_interest(
    *,
    offer: ExchangeOffer,
    name: str,
    email: str,
    study_programme: str,
    level: str,
    motivation: str,
    language: str,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> RegistrationResult:
    """Register interest for an address new to this open offer and queue its confirmation.

    For an address that already registered (in any letter case) nothing is changed: its
    owner gets, at most once a day, an email with a signed link to see and change the
    registration. The caller answers the same in both cases. Raises ValidationError when
    the offer is closed or the address is an address literal.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    if not is_open_for_interest(offer, today=today):
        raise ValidationError(CLOSED_MESSAGE, code="offer_closed")
    try:
        reject_address_literal(email)
    except ValidationError as error:
        raise ValidationError({"email": error}) from error
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    try:
        # A savepoint: the unique constraint on (offer, lower(email)) decides, even when
        # two submissions of the same address arrive at the same moment.
        with transaction.atomic():
            registration = InterestRegistration.objects.create(
                offer=offer,
                email=email,
                name=name,
                study_programme=study_programme,
                level=level,
                motivation=motivation,
                language=language,
                last_emailed_at=now,
            )
    except IntegrityError:
        registration = _existing_registration(offer=offer, email=email)
        if registration is None:
            raise
        _tell_owner_of_known_address(registration=registration, now=now)
        return RegistrationResult(registration=registration, created=False)
    _queue_registration_email(registration=registration, template="registration_confirmation")
    return RegistrationResult(registration=registration, created=True)


def _existing_registration(*, offer: ExchangeOffer, email: str) -> InterestRegistration | None:
    return (
        InterestRegistration.objects.select_for_update()
        .alias(email_lower=Lower("email"))
        .filter(offer=offer, email_lower=email.lower())
        .first()
    )


def _tell_owner_of_known_address(*, registration: InterestRegistration, now) -> None:
    """Email the registration's own address its link, unless it was emailed in the last day."""
    last = registration.last_emailed_at
    if last is not None and now - last < PUBLIC_EMAIL_INTERVAL:
        return
    registration.last_emailed_at = now
    registration.save(update_fields=["last_emailed_at"])
    _queue_registration_email(registration=registration, template="registration_known")


def _queue_registration_email(
    *, registration: InterestRegistration, template: str, extra: dict | None = None
) -> None:
    """An email about the registration to its own address, in its language, with its link."""
    offer = ExchangeOffer.objects.select_related("partner", "project").get(pk=registration.offer_id)
    with translation.override(registration.language):
        offer_url = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
            "public:offer-detail", kwargs={"slug": offer.slug}
        )
    queue_email(
        to=registration.email,
        template=template,
        context={
            "registration": registration,
            "offer": offer,
            "offer_url": offer_url,
            "registration_url": registration_url(registration),
            "link_days": REGISTRATION_LINK_MAX_AGE.days,
            "LANGUAGE_CODE": registration.language,
            **(extra or {}),
        },
        language=registration.language,
        holds_secret=True,
    )


def registration_token(registration: InterestRegistration) -> str:
    return make_token(
        salt=REGISTRATION_LINK_SALT, data={"r": registration.pk}, address=registration.email
    )


def registration_url(registration: InterestRegistration) -> str:
    """The signed link to the registration's own page, in its language (absolute)."""
    with translation.override(registration.language):
        path = reverse("public:registration", kwargs={"token": registration_token(registration)})
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def registration_from_token(token: str) -> InterestRegistration:
    """The registration a link was made for.

    Raises signing.BadSignature when forged, InterestRegistration.DoesNotExist when it is
    gone, LinkExpired or LinkRevoked (with the registration as `registration`) when the link
    is too old or its address's links were revoked since.
    """
    try:
        data = read_token(token, salt=REGISTRATION_LINK_SALT, max_age=REGISTRATION_LINK_MAX_AGE)
    except LinkExpired as error:
        error.registration = _registration_of(error.data)
        raise
    registration = _registration_of(data)
    try:
        check_current(data, address=registration.email)
    except LinkRevoked as error:
        error.registration = registration
        raise
    return registration


def registration_from_any_link(token: str) -> InterestRegistration:
    """The registration of a genuine link however old or revoked (to send a fresh one)."""
    return _registration_of(read_any_age(token, salt=REGISTRATION_LINK_SALT))


def _registration_of(data: dict) -> InterestRegistration:
    return InterestRegistration.objects.select_related("offer__partner").get(pk=data["r"])


def update_registration(
    *,
    registration: InterestRegistration,
    name: str,
    study_programme: str,
    level: str,
    motivation: str,
) -> InterestRegistration:
    """The student's own change, through their link: the details, never the status."""
    registration.name = name
    registration.study_programme = study_programme
    registration.level = level
    registration.motivation = motivation
    registration.full_clean(exclude=["offer", "status"], validate_unique=False)
    registration.save(
        update_fields=["name", "study_programme", "level", "motivation", "updated_at"]
    )
    return registration


def send_fresh_registration_link(
    *, registration: InterestRegistration, now: datetime.datetime
) -> bool:
    """Revoke the address's links and email fresh ones to the registration's address (for
    its other registrations too: their old links stop as well); False when one went out a
    few minutes ago."""
    with transaction.atomic():
        if not renew_links(address=registration.email, now=now):
            return False
        others = (
            InterestRegistration.objects.alias(email_lower=Lower("email"))
            .filter(email_lower=registration.email.lower())
            .exclude(pk=registration.pk)
            .select_related("offer")
            .order_by("pk")
        )
        with translation.override(registration.language):
            other_links = [
                (other.offer.localized_title, registration_url(other)) for other in others
            ]
        _queue_registration_email(
            registration=registration,
            template="registration_link",
            extra={"other_links": other_links},
        )
    return True


@transaction.atomic
def change_registration_status(
    *, registration: InterestRegistration, status: str, by: AbstractBaseUser
) -> InterestRegistration:
    """Staff move a registration to another status; the student is emailed (through the
    outbox, on commit) once per change, in the language they registered in."""
    if status not in InterestRegistration.Status.values:
        raise ValidationError({"status": _("Choose one of the listed statuses.")})
    locked = InterestRegistration.objects.select_for_update().get(pk=registration.pk)
    if locked.status == status:
        registration.status = status
        return registration
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    registration.status = status
    _queue_registration_email(registration=locked, template="registration_status")
    return registration
