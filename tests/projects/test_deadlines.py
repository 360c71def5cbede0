import datetime

import pytest
import time_machine
from django.db import IntegrityError

from projects.deadlines import mark_deadline_done, sync_project_milestones
from projects.models import Deadline, Project
from tests.factories import CallFactory, DeadlineFactory, PersonFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def milestone_dates(project):
    return {
        deadline.kind: (deadline.due_date, deadline.is_done) for deadline in project.deadlines.all()
    }


@pytest.fixture
def running_project():
    project = ProjectFactory(
        status=Project.Status.RUNNING,
        start_date=datetime.date(2020, 8, 1),
        end_date=datetime.date(2023, 7, 31),
        interim_report_date=datetime.date(2022, 3, 31),
    )
    project.co_coordinators.add(PersonFactory(last_name="Co"))
    return project


def test_sync_project_milestones_proposal_gets_call_deadlines():
    call = CallFactory(
        year=2020,
        deadline=datetime.datetime(2020, 2, 5, 11, 0, tzinfo=datetime.UTC),
        internal_deadline=datetime.date(2020, 1, 15),
    )
    project = ProjectFactory(call=call, status=Project.Status.PROPOSAL)

    milestones = sync_project_milestones(project=project)

    assert [(m.kind, m.title, m.due_date) for m in milestones] == [
        ("eoi", "Internal expression of interest", datetime.date(2020, 1, 15)),
        ("call", "Erasmus+ call deadline", datetime.date(2020, 2, 5)),
    ]


def test_sync_project_milestones_running_project_gets_reports_and_end(running_project):
    milestones = sync_project_milestones(project=running_project)

    assert [(m.kind, m.due_date) for m in milestones] == [
        ("interim_report", datetime.date(2022, 3, 31)),
        ("project_end", datetime.date(2023, 7, 31)),
        ("final_report", datetime.date(2023, 9, 29)),
    ]
    coordinators = {running_project.lead_coordinator, *running_project.co_coordinators.all()}
    assert all(set(m.responsible.all()) == coordinators for m in milestones)


def test_sync_project_milestones_twice_changes_nothing(running_project):
    first = sync_project_milestones(project=running_project)
    second = sync_project_milestones(project=running_project)

    assert [m.pk for m in first] == [m.pk for m in second]
    assert running_project.deadlines.count() == 3


def test_sync_project_milestones_follows_changed_dates(running_project):
    first = sync_project_milestones(project=running_project)
    running_project.end_date = datetime.date(2023, 12, 31)
    running_project.interim_report_date = datetime.date(2022, 6, 30)
    running_project.save()

    second = sync_project_milestones(project=running_project)

    assert [m.pk for m in second] == [m.pk for m in first]
    assert milestone_dates(running_project) == {
        "interim_report": (datetime.date(2022, 6, 30), False),
        "project_end": (datetime.date(2023, 12, 31), False),
        "final_report": (datetime.date(2024, 2, 29), False),
    }


def test_sync_project_milestones_removes_open_milestone_whose_date_was_cleared(running_project):
    sync_project_milestones(project=running_project)
    running_project.interim_report_date = None
    running_project.save()

    sync_project_milestones(project=running_project)

    assert set(milestone_dates(running_project)) == {"project_end", "final_report"}


def test_sync_project_milestones_keeps_done_milestone_as_it_was(running_project):
    interim = sync_project_milestones(project=running_project)[0]
    mark_deadline_done(deadline=interim, by=None)
    running_project.interim_report_date = None
    running_project.save()

    sync_project_milestones(project=running_project)

    assert milestone_dates(running_project)["interim_report"] == (
        datetime.date(2022, 3, 31),
        True,
    )


def test_sync_project_milestones_submitted_proposal_marks_call_deadlines_done():
    project = ProjectFactory(status=Project.Status.PROPOSAL)
    sync_project_milestones(project=project)
    project.set_status(Project.Status.SUBMITTED)
    project.save()

    sync_project_milestones(project=project)

    assert milestone_dates(project) == {
        "eoi": (datetime.date(2020, 1, 15), True),
        "call": (datetime.date(2020, 2, 5), True),
    }


def test_sync_project_milestones_new_coordinator_becomes_responsible(running_project):
    sync_project_milestones(project=running_project)
    newcomer = PersonFactory(last_name="Newcomer")
    running_project.co_coordinators.set([newcomer])

    milestones = sync_project_milestones(project=running_project)

    assert all(
        set(m.responsible.all()) == {running_project.lead_coordinator, newcomer} for m in milestones
    )


def test_deadline_second_milestone_of_a_kind_is_refused(running_project):
    DeadlineFactory(project=running_project, kind=Deadline.Kind.FINAL_REPORT)

    with pytest.raises(IntegrityError):
        DeadlineFactory(project=running_project, kind=Deadline.Kind.FINAL_REPORT)


def test_deadline_custom_deadlines_may_share_a_kind(running_project):
    DeadlineFactory(project=running_project, kind=Deadline.Kind.CUSTOM)
    DeadlineFactory(project=running_project, kind=Deadline.Kind.CUSTOM)

    assert running_project.deadlines.count() == 2


def test_mark_deadline_done_records_when_and_by_whom():
    deadline = DeadlineFactory()
    person = PersonFactory()

    marked_at = datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC)

    with time_machine.travel(marked_at, tick=False):
        done = mark_deadline_done(deadline=deadline, by=person)

    done.refresh_from_db()
    assert (done.done_at, done.done_by) == (marked_at, person)


def test_mark_deadline_done_twice_keeps_the_first():
    deadline = DeadlineFactory()
    first_person, second_person = PersonFactory(), PersonFactory()
    first = mark_deadline_done(deadline=deadline, by=first_person)

    second = mark_deadline_done(deadline=deadline, by=second_person)

    assert (second.done_at, second.done_by) == (first.done_at, first_person)
