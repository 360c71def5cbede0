"""Creating, editing and deleting projects with their partners, grant lines and deadlines."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mobility.models import Mobility, MobilityGrant
from projects import services
from projects.models import Deadline, Project, ProjectPartner
from tests.factories import (
    CallFactory,
    InstitutionFactory,
    MobilityFactory,
    OrganisationalUnitFactory,
    PersonFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)
from workspace.forms.base import row_changes, save_atomically
from workspace.forms.projects import ProjectEditor

from .helpers import editor_data, formset_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def havana(db):
    return InstitutionFactory(name="University of Havana", country="CU", city="Havana")


@pytest.fixture
def nagasaki(db):
    return InstitutionFactory(name="Nagasaki University", country="JP", city="Nagasaki")


def new_project_data(*, coordinator, partners, grant_lines=(), deadlines=(), **fields) -> dict:
    data = {
        "title": "Nanomedicine with Havana and Nagasaki",
        "call": CallFactory(year=2020).pk,
        "status": Project.Status.RUNNING,
        "mobility_type": Project.MobilityType.STAFF_AND_STUDENT,
        "home_unit": OrganisationalUnitFactory(name="Leiden Institute of Chemistry").pk,
        "lead_coordinator": coordinator.person.pk,
        "start_date": "2020-08-01",
        "end_date": "2023-07-31",
        "awarded_budget": "60000.00",
        **formset_data("partners", [{"institution": p.pk, "role": "partner"} for p in partners]),
        **formset_data("grants", list(grant_lines)),
        **formset_data("deadlines", list(deadlines)),
    }
    data.update(fields)
    return data


def grant_line(partner, activity="STA", direction="outgoing", amount="4000.00") -> dict:
    return {
        "partner": partner.pk,
        "activity": activity,
        "direction": direction,
        "mobilities_planned": "2",
        "duration_days": "5",
        "amount_awarded": amount,
    }


def test_create_project_saves_partners_grant_lines_deadline_and_milestones(
    login, staff_user, coordinator_a, havana, nagasaki
):
    data = new_project_data(
        coordinator=coordinator_a,
        partners=[havana, nagasaki],
        grant_lines=[grant_line(havana), grant_line(nagasaki, direction="incoming")],
        deadlines=[{"kind": "custom", "title": "Kick-off visit", "due_date": "2020-10-01"}],
    )

    response = login(staff_user).post(reverse("workspace:project-create"), data)

    project = Project.objects.get(title="Nanomedicine with Havana and Nagasaki")
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:project-detail", args=[project.pk])
    assert project.version == 1
    assert project.slug == "nanomedicine-with-havana-and-nagasaki"
    assert sorted(project.partners.values_list("name", flat=True)) == [
        "Nagasaki University",
        "University of Havana",
    ]
    assert sorted(project.grant_lines.values_list("partner__name", "direction")) == [
        ("Nagasaki University", "incoming"),
        ("University of Havana", "outgoing"),
    ]
    assert sorted(project.deadlines.values_list("kind", "due_date")) == [
        ("custom", datetime.date(2020, 10, 1)),
        ("final_report", datetime.date(2023, 9, 29)),
        ("project_end", datetime.date(2023, 7, 31)),
    ]
    assert list(project.history.values_list("history_user__username", flat=True)) == ["staff"]


def test_edit_moves_project_to_next_version_and_history_shows_the_change(
    login, staff_user, world_a
):
    client = login(staff_user)
    project = world_a.project
    data = editor_data(ProjectEditor(instance=project), title="Leiden and Havana: imaging")

    response = client.post(reverse("workspace:project-update", args=[project.pk]), data)
    history = client.get(reverse("workspace:project-history", args=[project.pk]))

    project.refresh_from_db()
    assert response.status_code == 302
    assert (project.title, project.version) == ("Leiden and Havana: imaging", 2)
    entry = next(e for e in history.context["entries"] if e.subject.startswith("Project:"))
    assert (entry.kind, entry.who, entry.version) == ("~", staff_user, 2)
    assert [(c.label, c.old, c.new) for c in entry.changes] == [
        ("Title (English)", "Leiden and Havana", "Leiden and Havana: imaging")
    ]
    assert "Leiden and Havana: imaging" in history.content.decode()


def test_edit_stores_rows_and_their_people_and_history_names_the_staff_member(
    login, staff_user, coordinator_a, world_a, nagasaki
):
    project = world_a.project
    colleague = PersonFactory(first_name="Kenji", last_name="Tanaka")
    data = editor_data(
        ProjectEditor(instance=project),
        co_coordinators=[str(colleague.pk)],
        **{
            "partners-1-institution": str(nagasaki.pk),
            "partners-1-role": "partner",
            "deadlines-0-DELETE": "on",
            "deadlines-1-kind": "custom",
            "deadlines-1-title": "Site visit",
            "deadlines-1-due_date": "2030-03-02",
            "deadlines-1-responsible": [str(coordinator_a.person.pk)],
        },
    )

    response = login(staff_user).post(reverse("workspace:project-update", args=[project.pk]), data)

    partner = ProjectPartner.objects.get(project=project, institution=nagasaki)
    deadline = Deadline.objects.get(project=project, title="Site visit")
    removed = Deadline.history.get(id=world_a.deadline.pk, history_type="-")
    assert response.status_code == 302
    assert list(project.co_coordinators.all()) == [colleague]
    assert list(deadline.responsible.all()) == [coordinator_a.person]
    assert not Deadline.objects.filter(pk=world_a.deadline.pk).exists()
    assert [(r.history_type, r.history_user) for r in partner.history.all()] == [("+", staff_user)]
    assert [(r.history_type, r.history_user) for r in deadline.history.all()] == [("+", staff_user)]
    assert removed.history_user == staff_user
    assert project.history.first().history_user == staff_user


def test_invalid_form_keeps_every_typed_value_and_shows_the_message_at_the_field(
    login, staff_user, coordinator_a, havana
):
    data = new_project_data(
        coordinator=coordinator_a,
        partners=[havana],
        grant_lines=[grant_line(havana, amount="1234.56")],
        deadlines=[{"kind": "custom", "title": "Kick-off visit", "due_date": "2020-10-01"}],
        title="Medical imaging with Havana",
        end_date="2019-01-01",
    )

    response = login(staff_user).post(reverse("workspace:project-create"), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert Project.objects.count() == 0
    assert 'value="Medical imaging with Havana"' in html
    assert 'value="1234.56"' in html
    assert 'value="Kick-off visit"' in html
    assert f'<option value="{havana.pk}" selected>University of Havana</option>' in html
    error_at_field = (
        '<input type="date" name="end_date" value="2019-01-01" class="dateinput form-control '
        'is-invalid" required aria-invalid="true" aria-describedby="id_end_date_error" '
        'id="id_end_date"> <div id="id_end_date_error" class="invalid-feedback"> '
        '<span id="error_1_id_end_date"><strong>The project must end after it starts.</strong>'
    )
    assert error_at_field in " ".join(html.split())
    assert response.context["editor"].form.errors == {
        "end_date": ["The project must end after it starts."]
    }


def test_grant_line_for_an_institution_that_is_not_a_partner_is_refused(
    login, staff_user, coordinator_a, havana, nagasaki
):
    data = new_project_data(
        coordinator=coordinator_a, partners=[havana], grant_lines=[grant_line(nagasaki)]
    )

    response = login(staff_user).post(reverse("workspace:project-create"), data)

    grant_form = response.context["editor"].grant_lines.forms[0]
    assert response.status_code == 200
    assert grant_form.errors == {"partner": ["Add this institution to the partners above first."]}


def test_partner_and_its_grant_line_can_be_added_in_the_same_edit(
    login, staff_user, world_a, nagasaki
):
    project = world_a.project
    editor = ProjectEditor(instance=project)
    data = editor_data(
        editor,
        **{
            "partners-1-institution": str(nagasaki.pk),
            **{f"grants-1-{key}": value for key, value in grant_line(nagasaki).items()},
        },
    )

    response = login(staff_user).post(reverse("workspace:project-update", args=[project.pk]), data)

    assert response.status_code == 302
    assert MobilityGrant.objects.filter(project=project, partner=nagasaki).count() == 1


def test_second_save_from_an_old_version_is_refused_and_shows_what_changed(
    login, staff_user, coordinator_a, world_a
):
    project = world_a.project
    url = reverse("workspace:project-update", args=[project.pk])
    first = editor_data(ProjectEditor(instance=project), title="Imaging with Havana")
    second = editor_data(ProjectEditor(instance=project), summary="A summary typed meanwhile.")
    login(staff_user).post(url, first)

    response = login(coordinator_a).post(url, second)

    project.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 409
    assert (project.title, project.summary, project.version) == ("Imaging with Havana", "", 2)
    conflict = response.context["conflict"]
    assert (conflict.who, conflict.version) == ("staff", 2)
    assert [(c.label, c.old, c.new, c.also_yours) for c in conflict.changes] == [
        ("Title (English)", "Leiden and Havana", "Imaging with Havana", False)
    ]
    assert "Someone else saved this project while you were editing it" in html
    form = response.context["editor"].form
    assert (form["title"].value(), form["summary"].value(), form["version"].value()) == (
        "Imaging with Havana",
        "A summary typed meanwhile.",
        "2",
    )


def test_field_changed_by_both_keeps_the_users_value_and_is_pointed_out(
    login, staff_user, coordinator_a, world_a
):
    project = world_a.project
    url = reverse("workspace:project-update", args=[project.pk])
    mine = editor_data(ProjectEditor(instance=project), title="Mine", summary="Also mine.")
    login(staff_user).post(url, editor_data(ProjectEditor(instance=project), title="Theirs"))

    response = login(coordinator_a).post(url, mine)

    conflict = response.context["conflict"]
    assert [(c.label, c.also_yours) for c in conflict.changes] == [("Title (English)", True)]
    assert response.context["editor"].form["title"].value() == "Mine"
    assert "your value: you changed it too" in response.content.decode()


def test_saving_the_merged_form_keeps_both_peoples_changes(
    login, staff_user, coordinator_a, world_a
):
    project = world_a.project
    url = reverse("workspace:project-update", args=[project.pk])
    stale = editor_data(ProjectEditor(instance=project), summary="Mine.")
    login(staff_user).post(url, editor_data(ProjectEditor(instance=project), title="Theirs"))
    refused = login(coordinator_a).post(url, stale)
    # What the browser sends when the user saves the page shown after the refusal.
    merged = refused.context["editor"].form.data

    again = login(coordinator_a).post(url, merged)

    project.refresh_from_db()
    assert (refused.status_code, again.status_code) == (409, 302)
    assert (project.title, project.summary, project.version) == ("Theirs", "Mine.", 3)


def test_duplicate_grant_agreement_number_is_a_message_at_the_field(
    login, staff_user, coordinator_a, havana
):
    ProjectFactory(grant_agreement_number="2020-1-NL01-KA107-064321")
    data = new_project_data(
        coordinator=coordinator_a,
        partners=[havana],
        grant_agreement_number="2020-1-NL01-KA107-064321",
    )

    response = login(staff_user).post(reverse("workspace:project-create"), data)

    assert response.status_code == 200
    assert response.context["editor"].form.errors == {
        "grant_agreement_number": ["Another project has this grant agreement number."]
    }


def test_constraint_violated_between_validation_and_save_becomes_a_field_error(
    staff_user, coordinator_a, havana
):
    data = new_project_data(
        coordinator=coordinator_a,
        partners=[havana],
        grant_lines=[grant_line(havana)],
        grant_agreement_number="2020-1-NL01-KA107-064321",
    )
    editor = ProjectEditor(data=data)
    assert editor.is_valid()
    ProjectFactory(grant_agreement_number="2020-1-NL01-KA107-064321")

    with pytest.raises(ValidationError) as refused:
        save_atomically(
            form=editor.form,
            formsets=editor.formsets,
            save=lambda: services.save_project(
                project=editor.form.instance,
                co_coordinators=editor.form.cleaned_data["co_coordinators"],
                subject_areas=editor.form.cleaned_data["subject_areas"],
                partners=row_changes(editor.partners),
                grant_lines=row_changes(editor.grant_lines),
                deadlines=row_changes(editor.deadlines),
                by=staff_user,
            ),
        )

    assert refused.value.message_dict == {
        "grant_agreement_number": ["Another project has this grant agreement number."]
    }
    assert Project.objects.filter(title=data["title"]).count() == 0
    # The rolled-back rows are new again, so the form shown again still creates them.
    assert editor.form.instance.pk is None
    assert [form.instance.pk for form in editor.grant_lines.forms] == [None]


def test_constraint_violated_in_a_row_becomes_an_error_on_that_row(staff_user, world_a, havana):
    project = world_a.project
    data = editor_data(
        ProjectEditor(instance=project),
        **{"partners-1-institution": str(havana.pk), "partners-1-role": "partner"},
    )
    editor = ProjectEditor(instance=project, data=data)
    assert editor.is_valid()
    ProjectPartnerFactory(project=project, institution=havana)

    with pytest.raises(ValidationError) as refused:
        save_atomically(
            form=editor.form,
            formsets=editor.formsets,
            save=lambda: services.save_project(
                project=editor.form.instance,
                co_coordinators=editor.form.cleaned_data["co_coordinators"],
                subject_areas=editor.form.cleaned_data["subject_areas"],
                partners=row_changes(editor.partners),
                grant_lines=row_changes(editor.grant_lines),
                deadlines=row_changes(editor.deadlines),
                by=staff_user,
                based_on_version=project.version,
            ),
        )

    assert refused.value.messages == ["Nothing was saved: correct the marked rows below."]
    assert editor.partners.forms[1].errors == {
        "institution": ["This institution is already a partner of the project."]
    }


def test_coordinator_cannot_change_the_terms_of_the_grant(login, coordinator_a, world_a):
    project = world_a.project
    data = editor_data(
        ProjectEditor(instance=project),
        title="Renamed by the coordinator",
        awarded_budget="999999.00",
        status=Project.Status.CLOSED,
    )

    response = login(coordinator_a).post(
        reverse("workspace:project-update", args=[project.pk]), data
    )

    project.refresh_from_db()
    assert response.status_code == 302
    assert (project.title, project.awarded_budget, project.status) == (
        "Renamed by the coordinator",
        Decimal("50000.00"),
        Project.Status.RUNNING,
    )


def test_status_can_only_follow_the_lifecycle(login, staff_user, world_a):
    project = world_a.project
    data = editor_data(ProjectEditor(instance=project), status=Project.Status.PROPOSAL)

    response = login(staff_user).post(reverse("workspace:project-update", args=[project.pk]), data)

    assert response.status_code == 200
    assert response.context["editor"].form.errors == {
        "status": ["Select a valid choice. proposal is not one of the available choices."]
    }


def test_edit_page_offers_only_the_statuses_the_lifecycle_allows(staff_user, world_a):
    editor = ProjectEditor(instance=world_a.project)

    assert [value for value, _label in editor.form.fields["status"].choices] == [
        "running",
        "closed",
    ]


def test_delete_confirmation_lists_what_goes_with_the_project(login, staff_user, world_a):
    project = world_a.project
    MobilityFactory(project=project, partner=world_a.partner, last_name="Second")

    response = login(staff_user).get(reverse("workspace:project-delete", args=[project.pk]))

    summary = {group["name"]: group["count"] for group in response.context["goes_with_it"]}
    assert summary == {
        "deadline": 1,
        "exchange offer": 1,
        "interest registration": 1,
        "mobilities": 2,
        "mobility grant line": 1,
        "project partner": 1,
    }
    assert response.context["protected"] == []
    assert "These go with it and are deleted too:" in response.content.decode()


def test_delete_after_confirmation_removes_the_project_and_what_belongs_to_it(
    login, staff_user, world_a
):
    project = world_a.project

    response = login(staff_user).post(reverse("workspace:project-delete", args=[project.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:project-list")
    assert not Project.objects.filter(pk=project.pk).exists()
    assert not Mobility.objects.filter(project_id=project.pk).exists()
    assert not ProjectPartner.objects.filter(project_id=project.pk).exists()
    assert not Deadline.objects.filter(project_id=project.pk).exists()


def test_deleted_grant_line_shows_in_the_project_history(login, staff_user, world_a):
    project = world_a.project
    client = login(staff_user)
    data = editor_data(ProjectEditor(instance=project), **{"grants-0-DELETE": "on"})

    client.post(reverse("workspace:project-update", args=[project.pk]), data)
    history = client.get(reverse("workspace:project-history", args=[project.pk]))

    entry = next(e for e in history.context["entries"] if e.subject.startswith("Mobility grant"))
    assert (entry.kind, entry.subject, entry.who) == (
        "-",
        "Mobility grant line: Staff mobility for teaching, Outgoing (from us), "
        "University of Havana",
        staff_user,
    )


def test_changed_partner_and_deadline_show_in_the_project_history(login, staff_user, world_a):
    project = world_a.project
    client = login(staff_user)
    editor = ProjectEditor(instance=project)
    deadline_row = next(
        index
        for index, form in enumerate(editor.deadlines.forms)
        if form.instance.pk == world_a.deadline.pk
    )
    data = editor_data(
        editor,
        **{
            "partners-0-role": ProjectPartner.Role.ASSOCIATED,
            f"deadlines-{deadline_row}-due_date": "2030-02-01",
        },
    )

    response = client.post(reverse("workspace:project-update", args=[project.pk]), data)
    history = client.get(reverse("workspace:project-history", args=[project.pk]))

    assert response.status_code == 302
    changes = {
        entry.subject: [(c.label, str(c.old), str(c.new)) for c in entry.changes]
        for entry in history.context["entries"]
        if entry.kind == "~" and entry.who == staff_user
    }
    assert changes["Project partner: University of Havana"] == [
        ("Role", "Partner", "Associated partner")
    ]
    assert changes["Deadline: Report of Leiden and Havana"] == [
        ("Due date", "2030-01-15", "2030-02-01")
    ]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"end_date": "2020-07-31"}, {"end_date": ["The project must end after it starts."]}),
        ({"end_date": "9999-12-31"}, {"end_date": ["A project lasts at most five years."]}),
        (
            {"start_date": "2013-08-01", "end_date": "2015-07-31"},
            {"start_date": ["A project starts between 2014 and 2100."]},
        ),
        ({"awarded_budget": "-1.00"}, {"awarded_budget": ["Enter an amount of zero or more."]}),
        (
            {"grant_agreement_number": "KA107-2020"},
            {
                "grant_agreement_number": [
                    "A grant agreement number looks like 2020-1-NL01-KA107-064321 "
                    "or 2022-1-NL01-KA171-HED-000012345."
                ]
            },
        ),
        (
            # The KA171 form without its field code is not a real number.
            {"grant_agreement_number": "2022-1-NL01-KA171-000231"},
            {
                "grant_agreement_number": [
                    "A grant agreement number looks like 2020-1-NL01-KA107-064321 "
                    "or 2022-1-NL01-KA171-HED-000012345."
                ]
            },
        ),
        (
            {"grant_agreement_number": "2022-1-NL01-KA171-HED-000012345"},
            {
                "grant_agreement_number": [
                    "A project of the KA107 2020 call has a grant agreement number of that "
                    "call, e.g. 2020-1-NL01-KA107-064321."
                ]
            },
        ),
        (
            {"grant_agreement_number": "2019-1-NL01-KA107-064321"},
            {
                "grant_agreement_number": [
                    "A project of the KA107 2020 call has a grant agreement number of that "
                    "call, e.g. 2020-1-NL01-KA107-064321."
                ]
            },
        ),
        (
            {"start_date": "2025-08-01", "end_date": "2027-07-31"},
            {
                "start_date": [
                    "A project of the KA107 2020 call starts in 2020 (usually on 1 August), "
                    "not in 2025."
                ]
            },
        ),
    ],
)
def test_project_form_shows_each_constraint_next_to_its_field(
    login, staff_user, coordinator_a, havana, fields, errors
):
    data = new_project_data(coordinator=coordinator_a, partners=[havana], **fields)

    response = login(staff_user).post(reverse("workspace:project-create"), data)

    assert response.status_code == 200
    assert response.context["editor"].form.errors == errors
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("rows", "errors"),
    [
        (
            [{"mobilities_planned": "0"}],
            {"mobilities_planned": ["Enter at least 1."]},
        ),
        ([{"amount_awarded": "-5.00"}], {"amount_awarded": ["Enter an amount of zero or more."]}),
        (
            [{"duration_days": "45", "activity": "SMS", "direction": "incoming"}],
            {
                "duration_days": [
                    "Staff mobility lasts 5 to 60 days; student mobility 5 to 30 days or "
                    "2 to 12 months."
                ]
            },
        ),
    ],
)
def test_grant_line_rows_show_each_constraint_next_to_its_field(
    login, staff_user, coordinator_a, havana, rows, errors
):
    data = new_project_data(
        coordinator=coordinator_a,
        partners=[havana],
        grant_lines=[{**grant_line(havana), **row} for row in rows],
    )

    response = login(staff_user).post(reverse("workspace:project-create"), data)

    assert response.status_code == 200
    assert response.context["editor"].grant_lines.forms[0].errors == errors


def test_partner_listed_twice_is_refused_next_to_the_institution(
    login, staff_user, coordinator_a, havana
):
    data = new_project_data(coordinator=coordinator_a, partners=[havana, havana])

    response = login(staff_user).post(reverse("workspace:project-create"), data)

    editor = response.context["editor"]
    assert response.status_code == 200
    assert editor.partners.forms[1].errors == {
        "institution": ["This institution is already a partner of the project."]
    }
    assert editor.partners.non_form_errors() == [
        "This institution is already a partner of the project."
    ]


def test_grant_line_for_the_same_flow_twice_is_refused_next_to_the_partner(
    login, staff_user, coordinator_a, havana
):
    data = new_project_data(
        coordinator=coordinator_a,
        partners=[havana],
        grant_lines=[grant_line(havana), grant_line(havana, amount="1000.00")],
    )

    response = login(staff_user).post(reverse("workspace:project-create"), data)

    assert response.context["editor"].grant_lines.forms[1].errors == {
        "partner": [
            "The project already has a grant line for this activity, direction and partner."
        ]
    }
