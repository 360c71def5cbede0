import datetime

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Min,
    OuterRef,
    Q,
    QuerySet,
)

from mobility.models import ExchangeOffer
from projects.selectors import with_people_visible_to

from .models import Application, CallForApplications, Review


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


def reviews_to_do_for(user) -> QuerySet:
    """Per offer the user reviews: how many applications in review still lack their submitted
    review, and the first of them (where the review screen opens)."""
    return (
        Application.objects.filter(
            offer__call_for_applications__reviewers=user, status__in=IN_REVIEW
        )
        .exclude(
            Exists(
                Review.objects.filter(
                    application=OuterRef("pk"), reviewer=user, submitted_at__isnull=False
                )
            )
        )
        .values("offer_id", "offer__title", "offer__application_deadline")
        .annotate(count=Count("pk"), first=Min("pk"))
        .order_by("offer__application_deadline", "offer__title", "offer_id")
    )
