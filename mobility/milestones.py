"""A mobility's deadlines: agreement signed before departure, participant report, transcript.

Kept in step with the mobility's dates (actual when known, planned otherwise) and linked to
it by Deadline.mobility, so that they go with it; the project's coordinators are responsible
for them.
"""

from datetime import date, timedelta

from django.db import transaction

from projects.deadlines import keep_milestone_in_step, project_coordinators
from projects.models import Deadline

from .models import STUDENT_ACTIVITIES, Mobility

TRANSCRIPT_AFTER_END = timedelta(weeks=5)
AGREEMENT_BEFORE_START = timedelta(days=1)

Kind = Deadline.Kind
MOBILITY_MILESTONE_KINDS = (Kind.MOBILITY_AGREEMENT, Kind.PARTICIPANT_REPORT, Kind.TRANSCRIPT)


def mobility_milestones(mobility: Mobility) -> dict[str, tuple[str, date]]:
    """The milestones the mobility should have now, by kind: (title, due date)."""
    if mobility.status == Mobility.Status.CANCELLED:
        return {}
    start = mobility.actual_start or mobility.planned_start
    end = mobility.actual_end or mobility.planned_end
    name = f"{mobility.first_name} {mobility.last_name}"
    is_student = mobility.activity in STUDENT_ACTIVITIES
    # Stored in English; Deadline.localized_title shows them in the reader's language.
    learning_agreement, mobility_agreement = Deadline.AUTOMATIC_TITLES[Kind.MOBILITY_AGREEMENT]
    (participant_report,) = Deadline.AUTOMATIC_TITLES[Kind.PARTICIPANT_REPORT]
    (transcript,) = Deadline.AUTOMATIC_TITLES[Kind.TRANSCRIPT]
    agreement = learning_agreement if is_student else mobility_agreement
    milestones = {
        Kind.MOBILITY_AGREEMENT: (
            Deadline.stored_title(agreement, name=name),
            start - AGREEMENT_BEFORE_START,
        ),
        Kind.PARTICIPANT_REPORT: (Deadline.stored_title(participant_report, name=name), end),
    }
    if is_student:
        milestones[Kind.TRANSCRIPT] = (
            Deadline.stored_title(transcript, name=name),
            end + TRANSCRIPT_AFTER_END,
        )
    return milestones


def sync_mobility_milestones(*, mobility: Mobility) -> list[Deadline]:
    """Create, move or remove the mobility's milestones; a cancelled one keeps only done ones."""
    with transaction.atomic():
        mobility = (
            Mobility.objects.select_for_update()
            .select_related("project__lead_coordinator")
            .get(pk=mobility.pk)
        )
        wanted = mobility_milestones(mobility)
        existing = {deadline.kind: deadline for deadline in mobility.milestones.all()}
        coordinators = project_coordinators(mobility.project)
        milestones = []
        for kind in MOBILITY_MILESTONE_KINDS:
            milestone = existing.get(kind)
            if kind in wanted:
                title, due_date = wanted[kind]
                synced = keep_milestone_in_step(
                    milestone=milestone,
                    project=mobility.project,
                    mobility=mobility,
                    kind=kind,
                    title=title,
                    due_date=due_date,
                    responsible=coordinators,
                )
                milestones.append(synced)
            elif milestone is not None and milestone.is_done:
                milestones.append(milestone)
            elif milestone is not None:
                milestone.delete()
    return sorted(milestones, key=lambda deadline: (deadline.due_date, deadline.pk))
