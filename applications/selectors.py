import datetime

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from mobility.models import ExchangeOffer
from projects.selectors import with_people_visible_to

from .models import DECISIONS, Application, CallForApplications, Review
from .services import APPLICANT_FIELDS

NOT_GIVEN = "—"
# Above any rank (a small integer): the unranked come last on a waiting list.
UNRANKED = 2**15


def with_open_call(offers: QuerySet, *, today: datetime.date) -> QuerySet:
    """Annotate accepts_applications: the offer's call is open and its deadline day has not
    passed (the apply form checks the deadline's exact end in the offer's time zone)."""
    open_call = CallForApplications.objects.filter(offer=OuterRef("pk"), is_open=True)
    return offers.annotate(
        accepts_applications=ExpressionWrapper(
            Exists(open_call) & Q(application_deadline__gte=today), output_field=BooleanField()
        )
    )


def status_histories(application_ids) -> dict[int, list]:
    """Per application, the historical records where its status changed, oldest first (a
    saved draft leaves a record each time; only the changes of status are kept)."""
    histories: dict[int, list] = {}
    for record in Application.history.filter(id__in=application_ids).order_by(
        "history_date", "history_id"
    ):
        records = histories.setdefault(record.id, [])
        if not records or records[-1].status != record.status:
            records.append(record)
    return histories


def history_for_applicant(application: Application, records: list) -> list:
    """The status history (status_histories) the applicant sees: a decision only up to the
    last change to the decision emailed to them (Application.decision_notified); the ones
    the office made since, and any when none was emailed, are left out, whatever came after
    them (a withdrawal, a mobility)."""
    told = application.decision_notified
    last_told = max(
        (index for index, record in enumerate(records) if told and record.status == told),
        default=-1,
    )
    return [
        record
        for index, record in enumerate(records)
        if record.status not in DECISIONS or index <= last_told
    ]


# The form's fields entries_of shows in rows of their own: the name, the period, the motivation.
SHOWN_APART = {"first_name", "last_name", "preferred_start", "preferred_end", "motivation"}


def entries_of(application: Application) -> list[tuple[str, str]]:
    """What the applicant filled in, as (label, value) rows in the form's order: the name,
    the other fields of the form (services.APPLICANT_FIELDS; the preferred start and end as
    one period), the language skills (prefetched by the caller, or read here) and the
    motivation. Values as the active language shows them."""
    days = (application.preferred_start, application.preferred_end)
    period = " \u2013 ".join(_date(day) for day in days if day)
    skills = ", ".join(
        f"{get_language_info(skill.language)['name_translated']} {skill.level}"
        for skill in application.language_skills.all()
    )
    return [
        (_("Name"), application.full_name or NOT_GIVEN),
        *(_field_row(application, name) for name in APPLICANT_FIELDS if name not in SHOWN_APART),
        (_("Preferred period"), period or NOT_GIVEN),
        (_("Languages"), skills or NOT_GIVEN),
        _field_row(application, "motivation"),
    ]


def _field_row(application: Application, name: str) -> tuple[str, str]:
    field = Application._meta.get_field(name)
    value = getattr(application, name)
    if value in (None, ""):
        shown = NOT_GIVEN
    elif field.choices:
        shown = str(getattr(application, f"get_{name}_display")())
    elif isinstance(value, datetime.date):
        shown = _date(value)
    else:
        shown = str(value)
    return str(capfirst(field.verbose_name)), shown


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def waiting_list_place(application: Application) -> int:
    """The application's place on its offer's waiting list, counted as the list is worked
    through (services.next_on_waiting_list: by rank, then pk, unranked last): ranks keep
    their gaps when someone leaves the list, places do not."""
    waiting = Application.objects.filter(
        offer_id=application.offer_id, status=Application.Status.WAITING_LIST
    ).annotate(place_rank=Coalesce("rank", UNRANKED, output_field=IntegerField()))
    own_rank = application.rank if application.rank is not None else UNRANKED
    ahead = waiting.filter(
        Q(place_rank__lt=own_rank) | Q(place_rank=own_rank, pk__lt=application.pk)
    )
    return ahead.count() + 1


# The workspace dashboard

# What the applicant has sent: every status but a draft (and a draft withdrawn).
SENT_STATUSES = [
    status
    for status in Application.Status.values
    if status not in (Application.Status.DRAFT, Application.Status.WITHDRAWN)
]
IN_REVIEW = [Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW]


def open_calls_for(user, *, today: datetime.date) -> QuerySet[ExchangeOffer]:
    """The offers accepting applications whose project the user may see the applicants of
    (all for the office, their own for a coordinator), with how many have applied."""
    offers = ExchangeOffer.objects.filter(
        call_for_applications__is_open=True, application_deadline__gte=today
    )
    return (
        with_people_visible_to(offers, user=user)
        .select_related("project")
        .annotate(
            submitted_count=Count("applications", filter=Q(applications__status__in=SENT_STATUSES))
        )
        .order_by("application_deadline", "title", "pk")
    )


def application_counts_for(user) -> list[dict]:
    """Per offer with applications (those the user may see), the count of each status."""
    counts = {
        f"count_{status}": Count("applications", filter=Q(applications__status=status))
        for status in Application.Status.values
    }
    offers = (
        with_people_visible_to(ExchangeOffer.objects.all(), user=user)
        .filter(Exists(Application.objects.filter(offer=OuterRef("pk"))))
        .select_related("project")
        .annotate(**counts)
        .order_by("-application_deadline", "title", "pk")
    )
    return [
        {
            "offer": offer,
            "counts": [getattr(offer, f"count_{status}") for status in Application.Status.values],
        }
        for offer in offers
    ]


def _own_submitted_review(user) -> Exists:
    return Exists(
        Review.objects.filter(application=OuterRef("pk"), reviewer=user, submitted_at__isnull=False)
    )


def applications_to_review(user) -> QuerySet:
    """The applications in review of the offers the user reviews that still lack the user's
    own submitted review (one condition on one review)."""
    return Application.objects.filter(
        offer__call_for_applications__reviewers=user, status__in=IN_REVIEW
    ).exclude(_own_submitted_review(user))


def reviews_to_do_for(user) -> QuerySet:
    """Per offer the user reviews: how many applications in review still lack their submitted
    review, and the first of them (where the review screen opens)."""
    return (
        applications_to_review(user)
        .values("offer_id", "offer__title", "offer__application_deadline")
        .annotate(count=Count("pk"), first=Min("pk"))
        .order_by("offer__application_deadline", "offer__title", "offer_id")
    )


def with_reviews(applications: QuerySet, *, reader, reviewer_ids) -> QuerySet:
    """Annotate reviews_done (the submitted reviews of the call's reviewers: one removed from
    the call no longer counts) and reviewed_by_reader (the reader's own, submitted)."""
    return applications.annotate(
        reviews_done=Count(
            "reviews",
            filter=Q(reviews__submitted_at__isnull=False, reviews__reviewer_id__in=reviewer_ids),
        ),
        reviewed_by_reader=_own_submitted_review(reader),
    )
