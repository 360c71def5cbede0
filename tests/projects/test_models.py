import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.models import Call, Project
from tests.factories import CallFactory, ProjectFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db


def test_project_end_before_start_is_rejected_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(start_date=datetime.date(2021, 8, 1), end_date=datetime.date(2021, 8, 1))


def test_project_negative_budget_is_rejected_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(awarded_budget=-1)


def test_project_malformed_grant_agreement_number_is_rejected_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(grant_agreement_number="2020-KA107")


@pytest.mark.parametrize("number", ["2020-1-NL01-KA107-064321", "2022-1-NL01-KA171-HED-000012345"])
def test_project_ka107_and_ka171_grant_agreement_numbers_are_accepted(number):
    ProjectFactory(grant_agreement_number=number)


@pytest.mark.parametrize(
    "number",
    [
        "2022-1-NL01-KA171-000231",
        "2022-1-NL01-KA171-HED-00012345",
        "2022-1-NL01-KA172-HED-000012345",
        "2020-1-NL01-KA107-HED-064321",
    ],
)
def test_project_grant_agreement_number_of_another_form_is_rejected_by_the_database(number):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(grant_agreement_number=number)


def test_project_grant_agreement_number_of_another_call_is_refused_by_clean():
    project = ProjectFactory.build(
        call=CallFactory(year=2022, action=Call.Action.KA171),
        start_date=datetime.date(2022, 8, 1),
        end_date=datetime.date(2025, 7, 31),
        grant_agreement_number="2021-1-NL01-KA171-HED-000012345",
    )

    with pytest.raises(ValidationError) as error:
        project.clean()

    assert error.value.message_dict == {
        "grant_agreement_number": [
            "A project of the KA171 2022 call has a grant agreement number of that call, "
            "e.g. 2022-1-NL01-KA171-HED-000012345."
        ]
    }


def test_project_of_a_call_starting_in_another_year_is_refused_by_clean():
    project = ProjectFactory.build(
        call=CallFactory(year=2022, action=Call.Action.KA171),
        start_date=datetime.date(2025, 8, 1),
        end_date=datetime.date(2027, 7, 31),
        grant_agreement_number="2022-1-NL01-KA171-HED-000012345",
    )

    with pytest.raises(ValidationError) as error:
        project.clean()

    assert error.value.message_dict == {
        "start_date": [
            "A project of the KA171 2022 call starts in 2022 (usually on 1 August), not in 2025."
        ]
    }


def test_project_grant_agreement_number_is_unique_when_present():
    ProjectFactory(grant_agreement_number="2020-1-NL01-KA107-064321")

    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(grant_agreement_number="2020-1-NL01-KA107-064321")


def test_project_partner_has_one_role_per_project():
    link = ProjectPartnerFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectPartnerFactory(project=link.project, institution=link.institution, role="associated")


def test_call_action_must_match_its_year():
    with pytest.raises(IntegrityError), transaction.atomic():
        CallFactory(year=2022, action=Call.Action.KA107)


def test_call_is_unique_per_year_and_action():
    Call.objects.create(
        year=2021, action="KA171", deadline=datetime.datetime(2021, 5, 11, tzinfo=datetime.UTC)
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.create(
            year=2021, action="KA171", deadline=datetime.datetime(2021, 5, 11, tzinfo=datetime.UTC)
        )


def test_project_status_follows_the_lifecycle():
    project = ProjectFactory.build(status=Project.Status.PROPOSAL)

    project.set_status(Project.Status.SUBMITTED)
    project.set_status(Project.Status.AWARDED)
    project.set_status(Project.Status.RUNNING)

    assert project.status == Project.Status.RUNNING
    with pytest.raises(ValidationError):
        project.set_status(Project.Status.PROPOSAL)


def test_project_duration_in_months_counts_the_whole_period():
    project = ProjectFactory.build(
        start_date=datetime.date(2020, 8, 1), end_date=datetime.date(2023, 7, 31)
    )

    assert project.duration_months == 36


def test_project_only_awarded_running_or_closed_are_public():
    public = {status for status in Project.Status if ProjectFactory.build(status=status).is_public}

    assert public == {Project.Status.AWARDED, Project.Status.RUNNING, Project.Status.CLOSED}
