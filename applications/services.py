"""Applications: the applicant's sign-in link, drafts, submission, withdrawal, status changes,
reviews, ranking, allocation, decisions and the step to a planned mobility.

Statuses move only along TRANSITIONS (change_status); each change is kept in the history and
emailed to the applicant in their language, except the decisions, which staff send in bulk
(send_decisions: each applicant's decision is emailed once).
"""

import datetime
import math
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mobility.eligibility import mobility_problems
from mobility.grants import default_travel_days
from mobility.models import (
    STUDENT_ACTIVITIES,
    ExchangeOffer,
    InterestRegistration,
    Level,
    Mobility,
    MobilityGrant,
)
from mobility.selectors import GRANT
from mobility.services import save_mobility
from outbox.models import OutgoingEmail
from outbox.services import queue_email
from private_files.validators import UploadRule
from projects.deadlines import mark_deadline_done
from signed_links.services import renew_links
from signed_links.tokens import check_current, make_token, read_any_age, read_token

from .deadlines import reviews_complete, sync_call_deadlines
from .models import (
    DECISIONS,
    DEFAULT_TIME_ZONE,
    Application,
    ApplicationDocument,
    CallForApplications,
    LanguageSkill,
    Review,
    Score,
)

Status = Application.Status

SIGN_IN_SALT = "applications.sign-in"
SIGN_IN_MAX_AGE = datetime.timedelta(days=30)
# The apply form emails one address a sign-in link at most this often.
SIGN_IN_INTERVAL = datetime.timedelta(minutes=10)
UPLOAD_RULE = UploadRule(kinds=("pdf", "word", "image"), max_bytes=5 * 1024 * 1024)

TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.SUBMITTED: {Status.UNDER_REVIEW, Status.WITHDRAWN},
    Status.UNDER_REVIEW: {*DECISIONS, Status.WITHDRAWN},
    Status.SELECTED: {Status.MOBILITY_CREATED, Status.WITHDRAWN},
    Status.WAITING_LIST: {Status.SELECTED, Status.NOT_SELECTED, Status.WITHDRAWN},
    Status.NOT_SELECTED: set(),
    Status.WITHDRAWN: set(),
    # Withdrawn only while the mobility is nominated (may_withdraw), which it cancels.
    Status.MOBILITY_CREATED: {Status.WITHDRAWN},
}
# Fields the applicant fills in; the form and save_draft know no others.
APPLICANT_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "nationality",
    "gender",
    "home_unit",
    "level",
    "field_of_education",
    "motivation",
    "preferred_start",
    "preferred_end",
)
REQUIRED_FIELDS = tuple(f for f in APPLICANT_FIELDS if f != "field_of_education")

CLOSED_MESSAGE = _("This offer does not accept applications.")
LATE_MESSAGE = _(
    "The deadline for applications (%(deadline)s) has passed: the application can no longer "
    "be submitted. Your draft is kept."
)
NOT_EDITABLE_MESSAGE = _("A submitted application can no longer be changed.")
TRANSITION_MESSAGE = _("An application cannot go from “%(old)s” to “%(new)s”.")
# The statuses one application may be moved to by hand; selection follows the allocation.
MANUAL_STATUSES = (Status.UNDER_REVIEW, Status.NOT_SELECTED, Status.WAITING_LIST)
MANUAL_STATUS_MESSAGE = _(
    "Only “under review”, “not selected” and “waiting list” are set by hand; selection "
    "follows the allocation."
)


# --- the offer's call ------------------------------------------------------------------


def call_of(offer: ExchangeOffer) -> CallForApplications:
    """The offer's call for applications; when it has none, an unsaved one with the defaults
    (closed): reading never writes. Staff saving the settings store it (save_call)."""
    call = (
        CallForApplications.objects.filter(offer=offer)
        .select_related("review_deadline", "decision_deadline")
        .first()
    )
    return call if call is not None else CallForApplications(offer=offer)


def criteria_of(call: CallForApplications) -> list:
    """The call's criteria; none for a call not stored yet."""
    return list(call.criteria.all()) if call.pk else []


@transaction.atomic
def stored_call(*, offer: ExchangeOffer) -> CallForApplications:
    """The offer's call, stored with the defaults when it had none (before its first criterion)."""
    call, _created = CallForApplications.objects.get_or_create(offer=offer)
    return call


@transaction.atomic
def save_call(*, call: CallForApplications, reviewers) -> CallForApplications:
    """Store the call's settings and reviewers, and keep its review and decision dates as the
    project's deadlines (applications.deadlines)."""
    call.full_clean(exclude=["reviewers"], validate_unique=False)
    if call.pk is None:
        # Two staff saving a new call at once: the second one updates the first one's row.
        existing = CallForApplications.objects.select_for_update().filter(offer=call.offer).first()
        if existing is not None:
            call.pk = existing.pk
            call.review_deadline_id = existing.review_deadline_id
            call.decision_deadline_id = existing.decision_deadline_id
    call.save()
    call.reviewers.set(reviewers)
    sync_call_deadlines(call=call)
    call.refresh_from_db()
    return call


def is_open_for_applications(offer: ExchangeOffer, *, now: datetime.datetime) -> bool:
    call = CallForApplications.objects.filter(offer=offer).first()
    return bool(
        call and call.is_open and offer.is_published and now < submission_deadline(offer, call=call)
    )


def submission_deadline(offer: ExchangeOffer, *, call=None) -> datetime.datetime:
    """The moment the deadline day ends in the offer's time zone (Amsterdam by default)."""
    if call is None:
        call = CallForApplications.objects.filter(offer=offer).first()
    zone = zoneinfo.ZoneInfo(call.time_zone if call else DEFAULT_TIME_ZONE)
    day_after = offer.application_deadline + datetime.timedelta(days=1)
    return datetime.datetime.combine(day_after, datetime.time.min, tzinfo=zone)


# --- signing in ------------------------------------------------------------------------


def sign_in_url(*, email: str, language: str, offer: ExchangeOffer | None = None) -> str:
    """The absolute signed link that signs the address in (and opens its application)."""
    data = {"e": email.strip().lower()}
    if offer is not None:
        data["o"] = offer.pk
    token = make_token(salt=SIGN_IN_SALT, data=data, address=email)
    with translation.override(language):
        path = reverse("public:application-sign-in", kwargs={"token": token})
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def send_sign_in_link(*, offer: ExchangeOffer, email: str, language: str) -> bool:
    """Email a sign-in link for the offer to the address; False (nothing sent) when one went
    to it within SIGN_IN_INTERVAL, so that the public form cannot flood an inbox. The form
    answers the same either way."""
    now = timezone.now()
    if not is_open_for_applications(offer, now=now):
        raise ValidationError(CLOSED_MESSAGE, code="closed")
    if OutgoingEmail.objects.filter(
        to__iexact=email.strip(),
        template="application_sign_in",
        created_at__gt=now - SIGN_IN_INTERVAL,
    ).exists():
        return False
    language = _known_language(language)
    queue_email(
        to=email,
        template="application_sign_in",
        context={
            "offer": offer,
            "sign_in_url": sign_in_url(email=email, language=language, offer=offer),
            "link_days": SIGN_IN_MAX_AGE.days,
        },
        language=language,
        holds_secret=True,
    )
    return True


def read_sign_in_token(token: str) -> dict:
    """The token's data {"e": address, "o": offer id?}; raises LinkExpired, LinkRevoked or
    signing.BadSignature."""
    data = read_token(token, salt=SIGN_IN_SALT, max_age=SIGN_IN_MAX_AGE)
    check_current(data, address=data["e"])
    return data


def send_fresh_sign_in_link(*, token: str, language: str, now: datetime.datetime) -> str | None:
    """Revoke the address's links and email a fresh one; None when one went out just now."""
    data = read_any_age(token, salt=SIGN_IN_SALT)
    email = data["e"]
    offer = ExchangeOffer.objects.filter(pk=data.get("o")).first()
    with transaction.atomic():
        if not renew_links(address=email, now=now):
            return None
        language = _known_language(language)
        queue_email(
            to=email,
            template="application_sign_in",
            context={
                "offer": offer,
                "sign_in_url": sign_in_url(email=email, language=language, offer=offer),
                "link_days": SIGN_IN_MAX_AGE.days,
            },
            language=language,
            holds_secret=True,
        )
    return email


def _known_language(language: str) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


# --- the applicant's draft -------------------------------------------------------------


@transaction.atomic
def start_or_resume_draft(*, offer: ExchangeOffer, email: str, language: str) -> Application:
    """The address's application for the offer; a new draft (carrying over an interest
    registration of the same address for the offer) when it has none."""
    existing = _application_of(offer=offer, email=email)
    if existing is not None:
        return existing
    if not is_open_for_applications(offer, now=timezone.now()):
        raise ValidationError(CLOSED_MESSAGE, code="closed")
    registration = (
        InterestRegistration.objects.alias(email_lower=Lower("email"))
        .filter(offer=offer, email_lower=email.strip().lower(), application__isnull=True)
        .first()
    )
    application = Application(offer=offer, email=email.strip(), language=_known_language(language))
    if registration is not None:
        first, _space, last = registration.name.strip().rpartition(" ")
        application.first_name, application.last_name = (first, last) if first else (last, "")
        application.level = registration.level
        application.field_of_education = registration.study_programme
        application.motivation = registration.motivation
        application.interest_registration = registration
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # The same address signed in twice at once: the other request created it.
        return _application_of(offer=offer, email=email)
    return application


def _application_of(*, offer, email) -> Application | None:
    return (
        Application.objects.alias(email_lower=Lower("email"))
        .filter(offer=offer, email_lower=email.strip().lower())
        .first()
    )


def save_draft(
    *, application: Application, data: dict, languages: list[tuple[str, str]]
) -> Application:
    """Store the applicant's fields (those in APPLICANT_FIELDS) and language skills."""
    if application.status != Status.DRAFT:
        raise ValidationError(NOT_EDITABLE_MESSAGE, code="not_editable")
    for name in APPLICANT_FIELDS:
        if name in data:
            setattr(application, name, data[name] if data[name] is not None else _blank(name))
    application.full_clean(exclude=["offer", "email", "status"], validate_unique=False)
    with transaction.atomic():
        application.save()
        application.language_skills.all().delete()
        LanguageSkill.objects.bulk_create(
            LanguageSkill(application=application, language=language, level=level)
            for language, level in dict(languages).items()
        )
    return application


def _blank(name: str):
    field = Application._meta.get_field(name)
    return None if field.null else ""


def upload_document(*, application: Application, kind: str, upload) -> ApplicationDocument:
    """Store (or replace) one document of a draft, checked by its content and size."""
    if application.status != Status.DRAFT:
        raise ValidationError(NOT_EDITABLE_MESSAGE, code="not_editable")
    try:
        UPLOAD_RULE(upload)
    except ValidationError as error:
        raise ValidationError({kind: error}) from error
    with transaction.atomic():
        document = application.documents.filter(kind=kind).first()
        old_name = document.file.name if document else None
        document = document or ApplicationDocument(application=application, kind=kind)
        document.original_name = upload.name[-200:]
        document.file.save(upload.name, upload, save=False)
        document.save()
    if old_name and old_name != document.file.name:
        document.file.storage.delete(old_name)
    return document


def missing_items(
    application: Application, *, call: CallForApplications | None = None
) -> list[str]:
    """What must still be filled in or uploaded before the application can be submitted
    (call: the offer's, when the caller has it already)."""
    missing = [
        str(Application._meta.get_field(name).verbose_name)
        for name in REQUIRED_FIELDS
        if getattr(application, name) in (None, "")
    ]
    if not application.language_skills.all():
        missing.append(str(_("at least one language")))
    if call is None:
        call = CallForApplications.objects.filter(offer_id=application.offer_id).first()
    uploaded = {document.kind for document in application.documents.all()}
    kinds = dict(ApplicationDocument._meta.get_field("kind").choices)
    missing += [
        str(kinds[kind])
        for kind in (call.required_documents if call else [])
        if kind not in uploaded
    ]
    return missing


def submit_application(*, application: Application, now: datetime.datetime) -> Application:
    """Submit a complete draft before the offer's deadline; the draft stays as it is when not."""
    deadline = submission_deadline(application.offer)
    if now >= deadline:
        local = timezone.localtime(deadline - datetime.timedelta(seconds=1), deadline.tzinfo)
        raise ValidationError(
            LATE_MESSAGE,
            code="late",
            params={"deadline": f"{local:%Y-%m-%d %H:%M:%S} {deadline.tzinfo}"},
        )
    missing = missing_items(application)
    if missing:
        raise ValidationError(
            _("Still missing: %(items)s."), code="incomplete", params={"items": ", ".join(missing)}
        )
    return change_status(application=application, status=Status.SUBMITTED, now=now)


def may_withdraw(application: Application) -> bool:
    """The applicant may still withdraw: before a decision is final, and after the application
    became a mobility only while that mobility is nominated (not yet approved)."""
    if Status.WITHDRAWN not in TRANSITIONS[application.status]:
        return False
    if application.status != Status.MOBILITY_CREATED:
        return True
    mobility = application.mobility
    return mobility is None or mobility.status == Mobility.Status.NOMINATED


@transaction.atomic
def withdraw_application(*, application: Application) -> Application:
    """Withdraw the application; one that became a mobility cancels its nominated mobility
    too, so its place goes to the next on the waiting list."""
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("mobility")
        .get(pk=application.pk)
    )
    if locked.status == Status.MOBILITY_CREATED:
        if not may_withdraw(locked):
            raise ValidationError(
                _(
                    "Your exchange is approved already: ask the International Relations Office "
                    "to cancel it."
                ),
                code="mobility_approved",
            )
        if locked.mobility is not None:
            locked.mobility.status = Mobility.Status.CANCELLED
            save_mobility(mobility=locked.mobility, by=None)
    return change_status(application=application, status=Status.WITHDRAWN)


# --- status changes --------------------------------------------------------------------


@transaction.atomic
def change_status(
    *,
    application: Application,
    status: str,
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Application:
    """Move the application along an allowed transition and email the applicant (a decision
    is emailed later, by send_decisions; notify=False for rows that stand for the past, as
    in the demo)."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if status not in TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            TRANSITION_MESSAGE,
            code="transition",
            params={
                "old": locked.get_status_display(),
                "new": dict(Status.choices).get(status, status),
            },
        )
    if locked.status == Status.WAITING_LIST:
        # The rank is the place on the waiting list: gone with leaving it.
        locked.rank = None
    locked.status = status
    if status == Status.SUBMITTED:
        locked.submitted_at = now or timezone.now()
    locked.save()
    for name in ("status", "submitted_at", "rank", "updated_at"):
        setattr(application, name, getattr(locked, name))
    if notify and status not in DECISIONS:
        _queue_status_email(application=locked)
    return application


def _queue_status_email(*, application: Application) -> None:
    offer = application.offer
    queue_email(
        to=application.email,
        template="application_status",
        context={
            "application": application,
            "offer": offer,
            "status": application.status,
            "sign_in_url": sign_in_url(email=application.email, language=application.language),
            "link_days": SIGN_IN_MAX_AGE.days,
        },
        language=application.language,
        holds_secret=True,
    )


# --- reviews ---------------------------------------------------------------------------


@transaction.atomic
def save_review(
    *,
    application: Application,
    reviewer,
    scores: dict[int, tuple[int, str]],
    conflict_of_interest: bool,
    conflict_note: str,
    submit: bool,
    now: datetime.datetime | None = None,
) -> Review:
    """Store a reviewer's scores ({criterion id: (value, comment)}) or declared conflict; a
    submitted review is final. Starting the review moves a submitted application under review."""
    if application.status not in (Status.SUBMITTED, Status.UNDER_REVIEW):
        raise ValidationError(_("Only submitted applications are reviewed."), code="not_reviewable")
    review, _created = Review.objects.select_for_update().get_or_create(
        application=application, reviewer=reviewer
    )
    if review.submitted_at is not None:
        raise ValidationError(_("Your review is submitted and can no longer change."), code="final")
    call = call_of(application.offer)
    criteria = {c.pk: c for c in criteria_of(call)}
    errors = {}
    if not conflict_of_interest:
        for criterion in criteria.values():
            value, _comment = scores.get(criterion.pk, (None, ""))
            if value is None:
                if submit:
                    errors[f"score_{criterion.pk}"] = _("Give a score.")
            elif not 0 <= value <= criterion.scale_max:
                errors[f"score_{criterion.pk}"] = _("Give a score from 0 to %(max)s.") % {
                    "max": criterion.scale_max
                }
    elif not conflict_note.strip():
        errors["conflict_note"] = _("Say briefly what the conflict of interest is.")
    if errors:
        raise ValidationError(errors)
    review.conflict_of_interest = conflict_of_interest
    review.conflict_note = conflict_note
    review.scores.all().delete()
    if not conflict_of_interest:
        Score.objects.bulk_create(
            Score(review=review, criterion=criteria[pk], value=value, comment=comment)
            for pk, (value, comment) in scores.items()
            if pk in criteria and value is not None
        )
    if submit:
        review.submitted_at = now or timezone.now()
    review.save()
    if application.status == Status.SUBMITTED:
        change_status(application=application, status=Status.UNDER_REVIEW)
    if submit and call.review_deadline_id is not None and reviews_complete(call):
        mark_deadline_done(deadline=call.review_deadline, by=None)
    return review


# --- ranking, allocation and decisions -------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    application: Application
    score: Decimal | None
    reviews: int


def weighted_score(review: Review, criteria) -> Decimal | None:
    """A submitted review's score as a percentage: each criterion's share of its scale,
    weighted."""
    values = {score.criterion_id: score.value for score in review.scores.all()}
    total_weight = sum(c.weight for c in criteria)
    if review.conflict_of_interest or not total_weight:
        return None
    points = sum(Decimal(values.get(c.pk, 0)) / c.scale_max * c.weight for c in criteria)
    return points * 100 / total_weight


def ranking(offer: ExchangeOffer) -> list[Ranked]:
    """The offer's applications in review and decided, best first: the mean of the
    submitted reviews' weighted scores, ties broken by the call's rule."""
    call = call_of(offer)
    criteria = criteria_of(call)
    applications = (
        Application.objects.filter(
            offer=offer,
            status__in=[
                Status.SUBMITTED,
                Status.UNDER_REVIEW,
                Status.SELECTED,
                Status.WAITING_LIST,
                Status.NOT_SELECTED,
                Status.MOBILITY_CREATED,
            ],
        )
        .select_related("offer")
        .prefetch_related("reviews__scores")
    )
    ranked = []
    for application in applications:
        scores = [
            weighted_score(review, criteria)
            for review in application.reviews.all()
            if review.submitted_at is not None
        ]
        scores = [s for s in scores if s is not None]
        mean = (sum(scores) / len(scores)).quantize(Decimal("0.01")) if scores else None
        ranked.append(Ranked(application=application, score=mean, reviews=len(scores)))

    def tie(entry: Ranked):
        a = entry.application
        if call.tie_rule == CallForApplications.TieRule.LAST_NAME:
            return (a.last_name.lower(), a.first_name.lower(), a.pk)
        return (a.submitted_at or timezone.now(), a.pk)

    ranked.sort(key=lambda entry: (-(entry.score if entry.score is not None else -1), tie(entry)))
    return ranked


def grant_line_of(offer: ExchangeOffer) -> MobilityGrant | None:
    return MobilityGrant.objects.filter(
        project_id=offer.project_id,
        partner_id=offer.partner_id,
        activity=offer.activity,
        direction=offer.direction,
    ).first()


@dataclass(frozen=True)
class Capacity:
    places: int
    line_mobilities_left: int | None
    line_budget_left: Decimal | None
    line_budget_mobilities: int | None

    @property
    def total(self) -> int:
        limits = [self.places, self.line_mobilities_left, self.line_budget_mobilities]
        return max(0, min(limit for limit in limits if limit is not None))


def capacity(offer: ExchangeOffer) -> Capacity:
    """How many can be selected: the offer's places, the grant line's mobilities still
    unused and its budget left (at the line's average amount per mobility)."""
    taken_here = Application.objects.filter(
        offer=offer, status__in=[Status.SELECTED, Status.MOBILITY_CREATED]
    ).count()
    places = offer.places
    line = grant_line_of(offer)
    if line is None:
        return Capacity(
            places=places,
            line_mobilities_left=0,
            line_budget_left=None,
            line_budget_mobilities=None,
        )
    mobilities = Mobility.objects.filter(
        project_id=line.project_id,
        partner_id=line.partner_id,
        activity=line.activity,
        direction=line.direction,
    ).exclude(status=Mobility.Status.CANCELLED)
    pending = Application.objects.filter(
        offer__in=ExchangeOffer.objects.filter(
            project_id=line.project_id,
            partner_id=line.partner_id,
            activity=line.activity,
            direction=line.direction,
        ),
        status=Status.SELECTED,
    ).count()
    used = mobilities.count() + pending
    # Spent as the budget page counts it (mobility.selectors.GRANT).
    spent = mobilities.aggregate(total=Sum(GRANT))["total"] or Decimal("0")
    per_mobility = line.amount_awarded / line.mobilities_planned
    budget_left = line.amount_awarded - spent
    budget_mobilities = math.floor((budget_left / per_mobility) - pending) if per_mobility else None
    # The selected applications of this offer already hold a place of the offer and of the line.
    return Capacity(
        places=places,
        line_mobilities_left=line.mobilities_planned - used + taken_here,
        line_budget_left=budget_left,
        line_budget_mobilities=None
        if budget_mobilities is None
        else budget_mobilities + taken_here,
    )


@transaction.atomic
def allocate(*, offer: ExchangeOffer) -> dict[str, int]:
    """Select the best ranked applications under review up to the capacity; the others
    under review go on the waiting list in rank order. Decisions are emailed separately."""
    limit = capacity(offer).total
    selected = Application.objects.filter(
        offer=offer, status__in=[Status.SELECTED, Status.MOBILITY_CREATED]
    ).count()
    counts = {Status.SELECTED: 0, Status.WAITING_LIST: 0}
    waiting_rank = Application.objects.filter(offer=offer, status=Status.WAITING_LIST).count()
    for entry in ranking(offer):
        application = entry.application
        if application.status != Status.UNDER_REVIEW or entry.score is None:
            continue
        if selected < limit:
            change_status(application=application, status=Status.SELECTED)
            selected += 1
            counts[Status.SELECTED] += 1
        else:
            waiting_rank += 1
            change_status(application=application, status=Status.WAITING_LIST)
            Application.objects.filter(pk=application.pk).update(rank=waiting_rank)
            counts[Status.WAITING_LIST] += 1
    return counts


def next_on_waiting_list(offer: ExchangeOffer) -> Application | None:
    return (
        Application.objects.filter(offer=offer, status=Status.WAITING_LIST)
        .order_by("rank", "pk")
        .first()
    )


@transaction.atomic
def offer_place_to_next(*, offer: ExchangeOffer) -> Application:
    """Staff confirm: the first on the waiting list is selected, when a place is free."""
    selected = Application.objects.filter(
        offer=offer, status__in=[Status.SELECTED, Status.MOBILITY_CREATED]
    ).count()
    if selected >= capacity(offer).total:
        raise ValidationError(_("No place is free."), code="full")
    application = next_on_waiting_list(offer)
    if application is None:
        raise ValidationError(_("Nobody is on the waiting list."), code="empty")
    return change_status(application=application, status=Status.SELECTED)


def decisions_to_send(offer: ExchangeOffer):
    """The offer's decided applications whose decision has not been emailed yet."""
    return [
        application
        for application in Application.objects.filter(offer=offer, status__in=DECISIONS).order_by(
            "status", "rank", "last_name", "pk"
        )
        if application.decision_unsent
    ]


def send_decisions(*, offer: ExchangeOffer) -> int:
    """Email each decided applicant their decision, once: the row is locked and its
    decision_notified checked and set in the same transaction as the email is stored. Once
    decisions went out, the call's "decide by" deadline is done."""
    sent = 0
    for candidate in decisions_to_send(offer):
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=candidate.pk)
            if not application.decision_unsent:
                continue
            _queue_status_email(application=application)
            application.decision_notified = application.status
            application.save(update_fields=["decision_notified"])
            sent += 1
    call = call_of(offer)
    if sent and call.decision_deadline_id is not None:
        mark_deadline_done(deadline=call.decision_deadline, by=None)
    return sent


# --- the planned mobility --------------------------------------------------------------


@dataclass(frozen=True)
class MobilityResult:
    mobility: Mobility
    problems: list[str]


@transaction.atomic
def create_mobility(*, application: Application, notify: bool = True, by=None) -> MobilityResult:
    """A selected application becomes a nominated mobility under the offer's grant line, with
    the applicant's data, its grant calculated, its milestones set and its eligibility
    checked (notify as for change_status)."""
    application = (
        Application.objects.select_for_update().select_related("offer").get(pk=application.pk)
    )
    if application.status != Status.SELECTED:
        raise ValidationError(
            _("Only a selected application becomes a mobility."), code="not_selected"
        )
    offer = application.offer
    line = grant_line_of(offer)
    if line is None:
        raise ValidationError(
            _("The project has no grant line for this offer's partner, activity and direction."),
            code="no_grant_line",
        )
    # The applicant's preferred period (checked against the offer's when they saved it); the
    # offer's duration from their preferred start (or the offer's earliest start) when they
    # named no end: the grant line funds that many days.
    start = application.preferred_start or offer.period_start
    if application.preferred_start and application.preferred_end:
        end = application.preferred_end
    else:
        end = start + datetime.timedelta(days=offer.duration_days - 1)
    is_student = offer.activity in STUDENT_ACTIVITIES
    mobility = Mobility(
        project_id=offer.project_id,
        partner_id=offer.partner_id,
        activity=offer.activity,
        direction=offer.direction,
        status=Mobility.Status.NOMINATED,
        first_name=application.first_name,
        last_name=application.last_name,
        email=application.email,
        gender=application.gender,
        birth_date=application.birth_date,
        nationality=application.nationality,
        level=application.level or (Level.STAFF if not is_student else offer.level),
        planned_start=start,
        planned_end=end,
        travel_days=default_travel_days(offer.activity),
    )
    mobility.full_clean()
    save_mobility(mobility=mobility, by=by)
    application.mobility = mobility
    application.save(update_fields=["mobility", "updated_at"])
    change_status(application=application, status=Status.MOBILITY_CREATED, notify=notify)
    return MobilityResult(mobility=mobility, problems=mobility_problems(mobility))
