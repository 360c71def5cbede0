"""Mobilities in the workspace: created under a project, grant and milestones kept in step."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from mobility.models import Mobility
from mobility.rates import seed_rates
from projects.models import Deadline, Project
from reminders.selectors import calendar_deadlines, upcoming_for_person
from reminders.services import due_reminders
from tests.factories import CallFactory, HomeInstitutionFactory
from workspace.forms.mobility import MobilityEditor

from .helpers import editor_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rates(db):
    seed_rates()
    HomeInstitutionFactory()


def new_mobility_data(partner, **fields) -> dict:
    data = {
        "partner": partner.pk,
        "activity": "STA",
        "direction": "outgoing",
        "status": "nominated",
        "level": "staff",
        "first_name": "Anna",
        "last_name": "de Boer",
        "email": "a.deboer@example.org",
        "planned_start": "2021-03-08",
        "planned_end": "2021-03-12",
        "travel_days": "2",
    }
    data.update(fields)
    return data


def test_coordinator_adds_a_mobility_to_their_project_and_its_grant_is_calculated(
    login, coordinator_a, world_a
):
    url = reverse("workspace:mobility-create", args=[world_a.project.pk])

    response = login(coordinator_a).post(url, new_mobility_data(world_a.partner))

    mobility = Mobility.objects.get(last_name="de Boer")
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:mobility-detail", args=[mobility.pk])
    assert (mobility.project, mobility.partner) == (world_a.project, world_a.partner)
    assert mobility.grant_error == ""
    assert (mobility.individual_support, mobility.travel_support) == (
        Decimal("1260.00"),
        Decimal("1500.00"),
    )
    assert mobility.history.first().history_user == coordinator_a


def test_new_mobility_gets_its_milestones(login, coordinator_a, world_a):
    login(coordinator_a).post(
        reverse("workspace:mobility-create", args=[world_a.project.pk]),
        new_mobility_data(world_a.partner),
    )

    mobility = Mobility.objects.get(last_name="de Boer")
    milestones = Deadline.objects.filter(mobility=mobility)
    assert sorted(milestones.values_list("kind", "due_date")) == [
        ("mobility_agreement", datetime.date(2021, 3, 7)),
        ("participant_report", datetime.date(2021, 3, 12)),
    ]


def test_changed_dates_recalculate_the_grant_and_move_the_milestones(login, staff_user, world_a):
    mobility = world_a.mobility
    url = reverse("workspace:mobility-update", args=[mobility.pk])
    client = login(staff_user)
    data = editor_data(MobilityEditor(instance=mobility, project=mobility.project))
    client.post(url, data)

    response = client.post(url, {**data, "planned_end": "2021-03-19"})

    mobility.refresh_from_db()
    assert response.status_code == 302
    assert mobility.individual_support == Decimal("2520.00")
    report = Deadline.objects.get(mobility=mobility, kind=Deadline.Kind.PARTICIPANT_REPORT)
    assert report.due_date == datetime.date(2021, 3, 19)


def test_partner_must_be_one_of_the_projects_partners(login, coordinator_a, world_a, world_b):
    url = reverse("workspace:mobility-create", args=[world_a.project.pk])

    response = login(coordinator_a).post(url, new_mobility_data(world_b.partner))

    assert response.status_code == 200
    assert response.context["editor"].form.errors == {
        "partner": ["Select a valid choice. That choice is not one of the available choices."]
    }


def test_invalid_duration_comes_back_with_the_typed_values(login, coordinator_a, world_a):
    url = reverse("workspace:mobility-create", args=[world_a.project.pk])

    response = login(coordinator_a).post(
        url, new_mobility_data(world_a.partner, planned_end="2021-06-30")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert Mobility.objects.filter(last_name="de Boer").count() == 0
    assert 'value="a.deboer@example.org"' in html
    assert 'value="2021-06-30"' in html
    # The call's rule replaces the bound every mobility keeps, which says less.
    assert response.context["editor"].form.errors == {
        "planned_end": [
            "Duration rule of KA107 2020: Staff mobility for teaching lasts 5 to 60 days "
            "(travel days excluded); these dates count 115 calendar days."
        ]
    }


def test_only_staff_may_change_the_distance_band(login, coordinator_a, staff_user, world_a):
    mobility = world_a.mobility
    url = reverse("workspace:mobility-update", args=[mobility.pk])

    coordinator_form = login(coordinator_a).get(url).context["editor"].form
    staff_form = login(staff_user).get(url).context["editor"].form

    assert coordinator_form.fields["band_override_km"].disabled is True
    assert staff_form.fields["band_override_km"].disabled is False


def test_mobility_history_shows_who_changed_what(login, staff_user, world_a):
    mobility = world_a.mobility
    client = login(staff_user)
    data = editor_data(MobilityEditor(instance=mobility, project=mobility.project))
    client.post(reverse("workspace:mobility-update", args=[mobility.pk]), data)
    client.post(
        reverse("workspace:mobility-update", args=[mobility.pk]),
        {**data, "status": "approved"},
    )

    response = client.get(reverse("workspace:mobility-history", args=[mobility.pk]))

    entry = response.context["entries"][0]
    assert (entry.kind, entry.who) == ("~", staff_user)
    assert [(c.label, c.old, c.new) for c in entry.changes] == [("Status", "Nominated", "Approved")]


def test_deleting_a_mobility_asks_first_and_names_its_milestones(login, staff_user, world_a):
    client = login(staff_user)
    mobility = world_a.mobility
    data = editor_data(MobilityEditor(instance=mobility, project=mobility.project))
    client.post(reverse("workspace:mobility-update", args=[mobility.pk]), data)
    url = reverse("workspace:mobility-delete", args=[mobility.pk])

    confirmation = client.get(url)
    response = client.post(url)

    assert [(g["name"], g["count"]) for g in confirmation.context["goes_with_it"]] == [
        ("deadlines", 2),
    ]
    assert response.status_code == 302
    assert not Mobility.objects.filter(pk=mobility.pk).exists()


def reminded_titles(*, today: datetime.date) -> list[str]:
    return sorted(due.deadline.title for due in due_reminders(today=today))


def test_deleted_mobility_takes_its_deadlines_out_of_reminders_and_the_feed(
    login, staff_user, coordinator_a, world_a
):
    client = login(staff_user)
    mobility = world_a.mobility
    url = reverse("workspace:mobility-update", args=[mobility.pk])
    data = editor_data(MobilityEditor(instance=mobility, project=mobility.project))
    client.post(url, {**data, "first_name": "Anna", "last_name": "de Boer"})
    agreement_day = datetime.date(2021, 3, 7)
    assert reminded_titles(today=agreement_day) == [
        "Mobility agreement signed: Anna de Boer",
        "Participant report: Anna de Boer",
    ]
    assert len(calendar_deadlines(coordinator_a.person)) == 2

    response = client.post(reverse("workspace:mobility-delete", args=[mobility.pk]))

    person = coordinator_a.person
    assert response.status_code == 302
    assert reminded_titles(today=agreement_day) == []
    assert list(upcoming_for_person(person, agreement_day)) == []
    assert list(calendar_deadlines(person)) == []


def test_cancelled_mobility_closes_its_open_deadlines(login, staff_user, coordinator_a, world_a):
    client = login(staff_user)
    mobility = world_a.mobility
    url = reverse("workspace:mobility-update", args=[mobility.pk])
    data = editor_data(MobilityEditor(instance=mobility, project=mobility.project))
    client.post(url, data)

    response = client.post(url, {**data, "status": "cancelled"})

    person = coordinator_a.person
    agreement_day = datetime.date(2021, 3, 7)
    assert response.status_code == 302
    assert reminded_titles(today=agreement_day) == []
    assert list(upcoming_for_person(person, agreement_day)) == []
    assert list(calendar_deadlines(person)) == []


def edit_mobility(client, mobility, **changes):
    data = editor_data(MobilityEditor(instance=mobility, project=mobility.project), **changes)
    return client.post(reverse("workspace:mobility-update", args=[mobility.pk]), data)


OUTSIDE_PROJECT = (
    "Outside the project period (1 Aug 2020 to 31 Jul 2023): dates may lie at most "
    "31 days before or after it."
)


def test_mistyped_actual_end_a_century_later_is_refused_next_to_the_field(
    login, staff_user, world_a
):
    mobility = world_a.mobility

    response = edit_mobility(
        login(staff_user), mobility, actual_start="2021-03-08", actual_end="2121-09-01"
    )

    mobility.refresh_from_db()
    assert response.status_code == 200
    assert response.context["editor"].form.errors == {"actual_end": [OUTSIDE_PROJECT]}
    assert 'value="2121-09-01"' in response.content.decode()
    assert mobility.actual_end is None


def test_planned_dates_before_the_project_are_refused_next_to_each_field(
    login, coordinator_a, world_a
):
    url = reverse("workspace:mobility-create", args=[world_a.project.pk])

    response = login(coordinator_a).post(
        url,
        new_mobility_data(world_a.partner, planned_start="2020-06-22", planned_end="2020-06-26"),
    )

    assert response.status_code == 200
    assert response.context["editor"].form.errors == {
        "planned_start": [OUTSIDE_PROJECT],
        "planned_end": [OUTSIDE_PROJECT],
    }


def test_planned_dates_within_a_month_of_the_project_are_accepted(login, coordinator_a, world_a):
    url = reverse("workspace:mobility-create", args=[world_a.project.pk])

    response = login(coordinator_a).post(
        url,
        new_mobility_data(world_a.partner, planned_start="2020-07-01", planned_end="2020-07-05"),
    )

    assert response.status_code == 302
    assert Mobility.objects.get(last_name="de Boer").planned_start == datetime.date(2020, 7, 1)


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"planned_end": "2021-03-01"},
            {"planned_end": ["The planned end cannot be before the planned start."]},
        ),
        (
            {"actual_start": "2021-03-10", "actual_end": "2021-03-09"},
            {"actual_end": ["The actual end cannot be before the actual start."]},
        ),
        (
            {"planned_end": "2021-06-30"},
            {
                "planned_end": [
                    "Duration rule of KA107 2020: Staff mobility for teaching lasts 5 to 60 "
                    "days (travel days excluded); these dates count 115 calendar days."
                ]
            },
        ),
        (
            {"actual_start": "2021-03-08", "actual_end": "2022-03-09"},
            {"actual_end": ["A mobility lasts at most 12 months (366 days)."]},
        ),
        (
            {"level": "master"},
            {"level": ["Staff activities are for staff, student activities for students."]},
        ),
        (
            {"band_override_km": "4000", "band_override_justification": ""},
            {
                "band_override_justification": [
                    "Changing the distance band needs a written justification."
                ]
            },
        ),
        (
            {"previous_participation": "2"},
            {
                "previous_participation": [
                    "Earlier Erasmus+ months count for students only, from 0 to 12 months."
                ]
            },
        ),
        (
            {
                "activity": "SMS",
                "level": "master",
                "planned_end": "2021-07-07",
                "travel_days": "0",
                "previous_participation": "8.5",
            },
            {
                "previous_participation": [
                    "A student is funded for at most 12 months per study cycle: 8.5 earlier "
                    "and 4 now make 12.5 months."
                ]
            },
        ),
        (
            {"travel_days": "30000"},
            {
                "travel_days": [
                    "Funded travel days are 0 to 6: one before and one after, up to four more "
                    "for green travel."
                ]
            },
        ),
    ],
)
def test_mobility_editor_shows_each_rule_next_to_its_field(
    login, staff_user, world_a, changes, errors
):
    response = edit_mobility(login(staff_user), world_a.mobility, **changes)

    assert response.status_code == 200
    assert response.context["editor"].form.errors == errors


def test_database_refuses_actual_dates_a_century_from_the_planned_ones(world_a):
    rows = Mobility.objects.filter(pk=world_a.mobility.pk)

    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        rows.update(actual_start=datetime.date(2121, 3, 8), actual_end=datetime.date(2121, 3, 12))

    assert "mobility_actual_near_planned" in str(refused.value)


def test_database_refuses_an_actual_stay_of_a_century(world_a):
    rows = Mobility.objects.filter(pk=world_a.mobility.pk)

    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        rows.update(actual_start=datetime.date(2021, 3, 8), actual_end=datetime.date(2121, 9, 1))

    assert "mobility_actual_duration_bounded" in str(refused.value)


def test_database_refuses_thousands_of_travel_days(world_a):
    rows = Mobility.objects.filter(pk=world_a.mobility.pk)

    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        rows.update(travel_days=30000)

    assert "mobility_travel_days_bounded" in str(refused.value)


def test_an_actual_stay_too_long_for_the_call_is_refused_next_to_the_actual_end(
    login, staff_user, world_a
):
    mobility = world_a.mobility

    response = edit_mobility(
        login(staff_user), mobility, actual_start="2021-03-08", actual_end="2021-05-31"
    )

    mobility.refresh_from_db()
    assert response.status_code == 200
    assert response.context["editor"].form.errors == {
        "actual_end": [
            "Duration rule of KA107 2020: Staff mobility for teaching lasts 5 to 60 days "
            "(travel days excluded); these dates count 85 calendar days."
        ]
    }
    assert mobility.actual_end is None


def test_a_planned_stay_too_short_for_the_call_is_refused_next_to_the_planned_end(
    login, staff_user, world_a
):
    mobility = world_a.mobility

    response = edit_mobility(
        login(staff_user), mobility, planned_start="2021-03-08", planned_end="2021-03-08"
    )

    assert response.context["editor"].form.errors == {
        "planned_end": [
            "Duration rule of KA107 2020: Staff mobility for teaching lasts 5 to 60 days "
            "(travel days excluded); these dates count 1 calendar day."
        ]
    }


def test_travel_days_beyond_the_call_are_refused_next_to_the_field(login, staff_user, world_a):
    response = edit_mobility(login(staff_user), world_a.mobility, travel_days="3")

    assert response.context["editor"].form.errors == {
        "travel_days": ["Travel day rule of KA107 2020: at most 2 funded travel days; 3 asked."]
    }


def test_february_and_march_are_two_months_for_a_ka171_traineeship(login, staff_user, world_a):
    call = CallFactory(year=2022, action="KA171")
    Project.objects.filter(pk=world_a.project.pk).update(
        call=call, start_date=datetime.date(2022, 6, 1), end_date=datetime.date(2025, 5, 31)
    )
    mobility = world_a.mobility
    Mobility.objects.filter(pk=mobility.pk).update(
        planned_start=datetime.date(2023, 2, 1), planned_end=datetime.date(2023, 3, 31)
    )
    mobility.refresh_from_db()

    response = edit_mobility(
        login(staff_user),
        mobility,
        activity="SMT",
        level="master",
        travel_days="0",
        planned_start="2023-02-01",
        planned_end="2023-03-31",
    )

    mobility.refresh_from_db()
    assert response.status_code == 302
    assert (mobility.activity, mobility.planned_end) == ("SMT", datetime.date(2023, 3, 31))


def test_mobility_editor_saves_the_beneficiary_module_fields(login, staff_user, world_a):
    response = edit_mobility(
        login(staff_user),
        world_a.mobility,
        participant_id="p4711",
        field_of_education="0912",
        main_language="en",
        transport_means="train",
        green_travel="on",
        force_majeure="on",
        force_majeure_explanation="The partner closed for a week after the earthquake.",
        exceptional_travel_cost="1800.00",
        exceptional_travel_cost_justification="No flight; the train costs more than the band.",
    )

    mobility = Mobility.objects.get(pk=world_a.mobility.pk)
    assert response.status_code == 302
    assert (
        mobility.participant_id,
        mobility.field_of_education,
        mobility.main_language,
        mobility.transport_means,
        mobility.exceptional_travel_cost,
    ) == ("p4711", "0912", "en", "train", Decimal("1800.00"))


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"field_of_education": "0999"},
            {
                "field_of_education": [
                    "Enter a four-digit ISCED-F 2013 field of education, e.g. 0912 for medicine."
                ]
            },
        ),
        (
            {"force_majeure": "on"},
            {
                "force_majeure_explanation": [
                    "Force majeure needs an explanation, and an explanation needs the flag."
                ]
            },
        ),
        (
            {"exceptional_travel_cost": "1800.00"},
            {
                "exceptional_travel_cost_justification": [
                    "An exceptional travel cost and its justification are entered together."
                ]
            },
        ),
        (
            {"exceptional_travel_cost_justification": "Expensive."},
            {
                "exceptional_travel_cost": [
                    "An exceptional travel cost and its justification are entered together."
                ]
            },
        ),
        (
            {"blended": "on"},
            {
                "virtual_component": [
                    "A blended mobility needs a description of its virtual component."
                ]
            },
        ),
        (
            {"transport_means": "plane", "green_travel": "on"},
            {"transport_means": ["Green travel is by train, bus, car sharing, boat or bicycle."]},
        ),
        (
            {"inclusion_support": "300"},
            {
                "inclusion_support": [
                    "Inclusion support is for participants with fewer opportunities."
                ]
            },
        ),
        (
            {"recent_graduate": "on"},
            {"recent_graduate": ["Only a traineeship can be done as a recent graduate."]},
        ),
        (
            {"birth_date": "2021-03-08"},
            {"birth_date": ["The date of birth lies before the mobility starts."]},
        ),
        (
            {"participant_id": "s 123"},
            {
                "participant_id": [
                    "Letters, digits and punctuation without spaces, at most 64 characters."
                ]
            },
        ),
    ],
)
def test_mobility_editor_refuses_beneficiary_module_fields_next_to_the_field(
    login, staff_user, world_a, changes, errors
):
    response = edit_mobility(login(staff_user), world_a.mobility, **changes)

    assert response.status_code == 200
    assert response.context["editor"].form.errors == errors


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"force_majeure": True}, "mobility_force_majeure_explained"),
        ({"exceptional_travel_cost": Decimal(1800)}, "mobility_exceptional_cost_justified"),
        ({"long_term": True}, "mobility_long_term_students_only"),
        ({"blended": True}, "mobility_blended_has_virtual_component"),
        ({"field_of_education": "09A1"}, "mobility_field_of_education_isced"),
        ({"eqf_level": 3}, "mobility_eqf_level_higher_education"),
        ({"green_travel": True, "transport_means": "plane"}, "mobility_green_travel_means"),
        ({"inclusion_support": Decimal(300)}, "mobility_inclusion_support_fewer_opportunities"),
        ({"recent_graduate": True}, "mobility_recent_graduate_traineeship"),
        ({"birth_date": datetime.date(2022, 1, 1)}, "mobility_born_before_start"),
    ],
)
def test_database_refuses_inconsistent_beneficiary_module_fields(world_a, changes, constraint):
    rows = Mobility.objects.filter(pk=world_a.mobility.pk)

    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        rows.update(**changes)

    assert constraint in str(refused.value)
