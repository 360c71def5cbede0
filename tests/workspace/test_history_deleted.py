"""Deleted items keep their history; staff see them and bring them back."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mobility.models import ExchangeOffer, InterestRegistration, Mobility, MobilityGrant
from projects.models import Deadline, Project, ProjectPartner, SubjectArea
from tests.factories import PersonFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _delete_project(client, project):
    response = client.post(reverse("workspace:project-delete", args=[project.pk]))
    assert response.status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


def _restore(client, kind, record, **kwargs):
    return client.post(
        reverse("workspace:deleted-restore", args=[kind, record.history_id]), **kwargs
    )


def test_deleted_project_history_page_answers_with_its_history(login, staff_user, world_a):
    client = login(staff_user)
    project = world_a.project
    _delete_project(client, project)

    response = client.get(reverse("workspace:project-history", args=[project.pk]))

    assert response.status_code == 200
    kinds = {(entry.subject, entry.kind_name) for entry in response.context["entries"]}
    assert ("Project: Leiden and Havana", "deleted") in kinds
    assert response.context["deletion"].history_user == staff_user
    assert "Deleted on" in response.content.decode()


def test_deleted_items_show_who_deleted_what_with_its_last_state(login, staff_user, world_a):
    client = login(staff_user)
    _delete_project(client, world_a.project)

    response = client.get(reverse("workspace:deleted-list"))

    items = {(item.label, item.name): item for item in response.context["items"]}
    project = items[("Project", "Leiden and Havana")]
    assert project.who == staff_user
    assert ("Title (English)", "Leiden and Havana") in [(f.label, f.new) for f in project.state]
    assert ("Mobility", f"{world_a.mobility.first_name} {world_a.mobility.last_name}") in items
    assert "interest registrations of its offers" in response.content.decode()


def test_restored_project_comes_back_with_the_rows_deleted_with_it(login, staff_user, world_a):
    client = login(staff_user)
    project = world_a.project
    co_coordinator = PersonFactory()
    project.co_coordinators.add(co_coordinator)
    project.title = "Leiden and Havana"
    project.save()
    _delete_project(client, project)
    record = Project.history.get(id=project.pk, history_type="-")

    response = _restore(client, "project", record)

    restored = Project.objects.get(pk=project.pk)
    assert response["Location"] == reverse("workspace:project-detail", args=[project.pk])
    assert restored.title == "Leiden and Havana"
    assert list(restored.co_coordinators.all()) == [co_coordinator]
    assert list(ProjectPartner.objects.filter(project=restored)) == [
        ProjectPartner.objects.get(institution=world_a.partner)
    ]
    assert MobilityGrant.objects.filter(project=restored).count() == 1
    assert Mobility.objects.get(project=restored).pk == world_a.mobility.pk
    assert Deadline.objects.filter(pk=world_a.deadline.pk, project=restored).exists()
    assert ExchangeOffer.objects.get(project=restored).pk == world_a.offer.pk
    assert InterestRegistration.objects.count() == 0
    final_report = Deadline.objects.get(project=restored, kind=Deadline.Kind.FINAL_REPORT)
    assert set(final_report.responsible.all()) == {project.lead_coordinator, co_coordinator}
    listed = client.get(reverse("workspace:deleted-list")).context["items"]
    assert [item.name for item in listed] == []


def test_mobility_of_a_deleted_project_is_restored_only_after_its_project(
    login, staff_user, world_a
):
    client = login(staff_user)
    _delete_project(client, world_a.project)
    record = Mobility.history.get(id=world_a.mobility.pk, history_type="-")

    response = _restore(client, "mobility", record, follow=True)

    assert not Mobility.objects.filter(pk=world_a.mobility.pk).exists()
    assert "project “Leiden and Havana”" in response.content.decode()
    assert "Restore them first." in response.content.decode()


def test_restore_is_refused_when_a_newer_row_took_its_unique_value(login, staff_user):
    client = login(staff_user)
    field = SubjectArea.objects.create(name="Imaging")
    client.post(reverse("workspace:subject-area-delete", args=[field.pk]))
    SubjectArea.objects.create(name="Imaging")
    record = SubjectArea.history.get(id=field.pk, history_type="-")

    response = _restore(client, "subject-area", record, follow=True)

    assert not SubjectArea.objects.filter(pk=field.pk).exists()
    assert "cannot be restored" in response.content.decode()


def test_restored_research_field_keeps_its_history(login, staff_user):
    client = login(staff_user)
    field = SubjectArea.objects.create(name="Imaging")
    client.post(reverse("workspace:subject-area-delete", args=[field.pk]))
    record = SubjectArea.history.get(id=field.pk, history_type="-")

    _restore(client, "subject-area", record)
    history = client.get(reverse("workspace:subject-area-history", args=[field.pk]))

    assert SubjectArea.objects.get(pk=field.pk).name == "Imaging"
    assert [entry.kind_name for entry in history.context["entries"]] == [
        "created",
        "deleted",
        "created",
    ]


def _delete_projects(count: int):
    for _ in range(count):
        project = ProjectFactory()
        project.co_coordinators.add(PersonFactory())
        project.delete()


def test_deleted_items_ask_as_many_questions_for_30_deletions_as_for_3(login, staff_user):
    client = login(staff_user)
    _delete_projects(3)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("workspace:deleted-list"))
    _delete_projects(27)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("workspace:deleted-list"))

    assert len([i for i in response.context["items"] if i.label == "Project"]) == 30
    assert len(large) == len(small)
