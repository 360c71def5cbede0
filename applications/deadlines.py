"""A call's selection dates as the project's deadlines: "review by" and "decide by".

Each date set on the call is a projects.Deadline of the offer's project, found again through
the call's link to it, so saving twice changes nothing. The reminder sweep and the calendar
feeds take them up like every other deadline. The offer's reviewers who are coordinators
are responsible (the project's coordinators when none is); a date cleared removes its open
deadline, and a deadline already done is kept.
"""

from django.db import transaction

from projects.deadlines import keep_milestone_in_step, project_coordinators
from projects.models import Deadline, Person

from .models import Application, CallForApplications

Kind = Deadline.Kind
Status = Application.Status

# (kind, the call's date field, the call's link to its deadline)
SELECTION_DEADLINES = (
    (Kind.REVIEW, "review_by", "review_deadline"),
    (Kind.DECISION, "decide_by", "decision_deadline"),
)


def responsible_for(call: CallForApplications) -> list[Person]:
    """The reviewers who are coordinators, else the project's coordinators."""
    reviewers = list(
        Person.objects.filter(user__in=call.reviewers.all()).order_by("last_name", "pk")
    )
    return reviewers or project_coordinators(call.offer.project)


def sync_call_deadlines(*, call: CallForApplications) -> list[Deadline]:
    """Create, move or remove the call's review and decision deadlines to match its dates."""
    with transaction.atomic():
        call = (
            CallForApplications.objects.select_for_update(of=("self",))
            .select_related("offer__project__lead_coordinator")
            .get(pk=call.pk)
        )
        responsible = responsible_for(call)
        deadlines = []
        for kind, date_field, link in SELECTION_DEADLINES:
            due_date = getattr(call, date_field)
            deadline = getattr(call, link)
            if due_date is not None:
                (title,) = Deadline.AUTOMATIC_TITLES[kind]
                deadline = keep_milestone_in_step(
                    milestone=deadline,
                    project=call.offer.project,
                    kind=kind,
                    title=Deadline.stored_title(title, name=call.offer.title),
                    due_date=due_date,
                    responsible=responsible,
                )
                deadlines.append(deadline)
            elif deadline is not None and not deadline.is_done:
                deadline.delete()
                deadline = None
            else:
                # A deadline already done stays with the project, no longer the call's.
                deadline = None
            setattr(call, link, deadline)
        call.save(update_fields=[link for _kind, _date, link in SELECTION_DEADLINES])
    return deadlines


def reviews_complete(call: CallForApplications) -> bool:
    """Every reviewer has submitted a review of every application in review (and there is
    at least one)."""
    reviewer_ids = set(call.reviewers.values_list("pk", flat=True))
    applications = Application.objects.filter(
        offer_id=call.offer_id, status__in=[Status.SUBMITTED, Status.UNDER_REVIEW]
    ).prefetch_related("reviews")
    in_review = list(applications)
    if not reviewer_ids or not in_review:
        return False
    return all(
        reviewer_ids
        <= {r.reviewer_id for r in application.reviews.all() if r.submitted_at is not None}
        for application in in_review
    )
