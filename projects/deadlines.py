"""Deadlines derived from a project's dates, kept in step with them, and marking one done.

The workspace calls sync_project_milestones after every save of a project. Milestones are
found again by their kind (the database allows one of each per project), so syncing twice
changes nothing. The project's coordinators are responsible for its milestones; for
anyone else, staff add a custom deadline.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from .models import Deadline, Person, Project

FINAL_REPORT_AFTER_END = timedelta(days=60)

Kind = Deadline.Kind
# Milestones that concern a proposal, and those that concern an awarded project.
PROPOSAL_MILESTONES = (Kind.EXPRESSION_OF_INTEREST, Kind.CALL)
AWARDED_STATUSES = (Project.Status.AWARDED, Project.Status.RUNNING, Project.Status.CLOSED)

# Stored in English; Deadline.localized_title shows them in the reader's language.
MILESTONE_TITLES = {
    kind: Deadline.AUTOMATIC_TITLES[kind][0] for kind in Deadline.PROJECT_MILESTONE_KINDS
}


def project_coordinators(project: Project) -> list[Person]:
    return [
        project.lead_coordinator,
        *project.co_coordinators.exclude(pk=project.lead_coordinator_id),
    ]


def project_milestone_dates(project: Project) -> dict[str, date]:
    """The milestones the project should have now, by kind, with their due dates."""
    call = project.call
    if project.status == Project.Status.PROPOSAL:
        dates = {Kind.CALL: timezone.localdate(call.deadline)}
        if call.internal_deadline:
            dates[Kind.EXPRESSION_OF_INTEREST] = call.internal_deadline
        return dates
    if project.status in AWARDED_STATUSES:
        dates = {
            Kind.PROJECT_END: project.end_date,
            Kind.FINAL_REPORT: project.end_date + FINAL_REPORT_AFTER_END,
        }
        if project.interim_report_date:
            dates[Kind.INTERIM_REPORT] = project.interim_report_date
        return dates
    return {}


def keep_milestone_in_step(
    *,
    milestone: Deadline | None,
    project: Project,
    kind: str,
    title: str,
    due_date: date,
    responsible: list[Person],
    mobility: Model | None = None,
) -> Deadline:
    """Create the milestone, or bring an open one's date, title and people up to date."""
    if milestone is None:
        milestone = Deadline.objects.create(
            project=project, mobility=mobility, kind=kind, title=title, due_date=due_date
        )
    elif not milestone.is_done and (milestone.due_date, milestone.title) != (due_date, title):
        milestone.due_date = due_date
        milestone.title = title
        milestone.save(update_fields=["due_date", "title"])
    if not milestone.is_done:
        milestone.responsible.set(responsible)
    return milestone


def sync_project_milestones(*, project: Project) -> list[Deadline]:
    """Create, move or remove the project's milestones so they match its dates and status.

    Once the proposal is submitted, its open proposal milestones count as done. A milestone
    whose date was cleared is removed unless it was already done.
    """
    with transaction.atomic():
        project = Project.objects.select_for_update().select_related("call").get(pk=project.pk)
        wanted = project_milestone_dates(project)
        existing = {
            deadline.kind: deadline
            for deadline in project.deadlines.filter(kind__in=Deadline.PROJECT_MILESTONE_KINDS)
        }
        coordinators = project_coordinators(project)
        milestones = []
        for kind in Deadline.PROJECT_MILESTONE_KINDS:
            milestone = existing.get(kind)
            if kind in wanted:
                milestones.append(
                    keep_milestone_in_step(
                        milestone=milestone,
                        project=project,
                        kind=kind,
                        title=Deadline.stored_title(MILESTONE_TITLES[kind]),
                        due_date=wanted[kind],
                        responsible=coordinators,
                    )
                )
            elif milestone is None:
                continue
            elif milestone.is_done:
                milestones.append(milestone)
            elif kind in PROPOSAL_MILESTONES:
                milestone.mark_done(when=timezone.now())
                milestone.save(update_fields=["done_at", "done_by"])
                milestones.append(milestone)
            else:
                milestone.delete()
    return sorted(milestones, key=lambda deadline: (deadline.due_date, deadline.pk))


def mark_deadline_done(*, deadline: Deadline, by: Person | None) -> Deadline:
    """Mark the deadline done (once; a second call changes nothing): its reminders stop."""
    with transaction.atomic():
        # The sweep locks the same row, so no reminder is recorded after this commits.
        deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if not deadline.is_done:
            deadline.mark_done(when=timezone.now(), by=by)
            deadline.save(update_fields=["done_at", "done_by"])
    return deadline
