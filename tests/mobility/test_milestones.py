import datetime

import pytest

from mobility.milestones import sync_mobility_milestones
from mobility.models import Activity, Level, Mobility
from tests.factories import MobilityFactory

pytestmark = pytest.mark.django_db


def milestones_of(mobility):
    return sorted(
        (deadline.kind, deadline.title, deadline.due_date, deadline.is_done)
        for deadline in mobility.milestones.all()
    )


@pytest.fixture
def student():
    return MobilityFactory(
        activity=Activity.STUDY,
        level=Level.MASTER,
        first_name="Sanne",
        last_name="de Vries",
        planned_start=datetime.date(2021, 2, 1),
        planned_end=datetime.date(2021, 6, 30),
        travel_days=0,
    )


def test_sync_mobility_milestones_staff_agreement_and_report():
    mobility = MobilityFactory(first_name="Jan", last_name="Smit")

    sync_mobility_milestones(mobility=mobility)

    assert milestones_of(mobility) == [
        (
            "mobility_agreement",
            "Mobility agreement signed: Jan Smit",
            datetime.date(2021, 3, 7),
            False,
        ),
        ("participant_report", "Participant report: Jan Smit", datetime.date(2021, 3, 12), False),
    ]


def test_sync_mobility_milestones_student_also_gets_transcript(student):
    sync_mobility_milestones(mobility=student)

    assert milestones_of(student) == [
        (
            "mobility_agreement",
            "Learning agreement signed: Sanne de Vries",
            datetime.date(2021, 1, 31),
            False,
        ),
        (
            "participant_report",
            "Participant report: Sanne de Vries",
            datetime.date(2021, 6, 30),
            False,
        ),
        (
            "transcript",
            "Transcript of records: Sanne de Vries",
            datetime.date(2021, 8, 4),
            False,
        ),
    ]


def test_sync_mobility_milestones_coordinators_are_responsible(student):
    deadlines = sync_mobility_milestones(mobility=student)

    assert {tuple(d.responsible.all()) for d in deadlines} == {(student.project.lead_coordinator,)}


def test_sync_mobility_milestones_follows_actual_dates_without_duplicating(student):
    first = sync_mobility_milestones(mobility=student)
    student.actual_start = datetime.date(2021, 2, 8)
    student.actual_end = datetime.date(2021, 7, 7)
    student.save()

    second = sync_mobility_milestones(mobility=student)

    assert [d.pk for d in second] == [d.pk for d in first]
    assert [d.due_date for d in second] == [
        datetime.date(2021, 2, 7),
        datetime.date(2021, 7, 7),
        datetime.date(2021, 8, 11),
    ]
    assert student.project.deadlines.count() == 3


def test_sync_mobility_milestones_cancelled_keeps_only_done(student):
    agreement = sync_mobility_milestones(mobility=student)[0]
    agreement.mark_done(when=datetime.datetime(2021, 1, 20, tzinfo=datetime.UTC))
    agreement.save()
    student.status = Mobility.Status.CANCELLED
    student.save()

    sync_mobility_milestones(mobility=student)

    assert [kind for kind, *_ in milestones_of(student)] == ["mobility_agreement"]
    assert student.project.deadlines.count() == 1
