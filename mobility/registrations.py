"""Students' registrations of interest in exchange offers: when an offer is open, and the write.

An offer is open for interest while it is published under a public project, its
application deadline (a date, inclusive) has not passed, and its places are not filled.
"Places filled" means that staff have nominated as many registrations as the offer has
places: registrations that are new, contacted or declined do not use up a place, so
students can keep registering until the International Relations Office has chosen.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
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

from .models import ExchangeOffer, InterestRegistration

CLOSED_MESSAGE = _("This offer is closed: it no longer accepts registrations of interest.")


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
) -> RegistrationResult:
    """Create or update the registration of this email for an open offer, then queue a
    confirmation email in the student's language. Raises ValidationError if it is closed."""
    today = today or timezone.localdate()
    if not is_open_for_interest(offer, today=today):
        raise ValidationError(CLOSED_MESSAGE, code="offer_closed")
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    details = {
        "name": name,
        "study_programme": study_programme,
        "level": level,
        "motivation": motivation,
        "language": language,
    }
    try:
        # A savepoint: the unique constraint on (offer, lower(email)) decides, even when
        # two submissions of the same address arrive at the same moment.
        with transaction.atomic():
            registration = InterestRegistration.objects.create(offer=offer, email=email, **details)
        created = True
    except IntegrityError:
        registration = _existing_registration(offer=offer, email=email)
        if registration is None:
            raise
        for field, value in details.items():
            setattr(registration, field, value)
        registration.save(update_fields=[*details, "updated_at"])
        created = False
    _queue_confirmation(registration=registration, offer=offer, created=created)
    return RegistrationResult(registration=registration, created=created)


def _existing_registration(*, offer: ExchangeOffer, email: str) -> InterestRegistration | None:
    return (
        InterestRegistration.objects.select_for_update()
        .alias(email_lower=Lower("email"))
        .filter(offer=offer, email_lower=email.lower())
        .first()
    )


def _queue_confirmation(
    *, registration: InterestRegistration, offer: ExchangeOffer, created: bool
) -> None:
    offer = ExchangeOffer.objects.select_related("partner", "project").get(pk=offer.pk)
    with translation.override(registration.language):
        offer_url = settings.PORTAL_BASE_URL.rstrip("/") + reverse(
            "public:offer-detail", kwargs={"slug": offer.slug}
        )
    queue_email(
        to=registration.email,
        template="registration_confirmation",
        context={
            "registration": registration,
            "offer": offer,
            "offer_url": offer_url,
            "LANGUAGE_CODE": registration.language,
            "created": created,
        },
        language=registration.language,
    )
