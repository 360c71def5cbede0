"""Writes on projects (with their partners, grant lines and deadlines) and on people."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from partners.services import NO_ROW_CHANGES, RowChanges, delete_unless_used, store_rows

from .deadlines import sync_project_milestones
from .models import Call, Person, Project, SubjectArea
from .signals import project_status_changed


class EditConflict(Exception):
    """Someone saved the project after the version an edit started from; nothing was saved."""

    def __init__(self, *, project: Project, based_on_version: int):
        super().__init__(
            f"Project {project.pk} is at version {project.version}, the edit started from "
            f"version {based_on_version}."
        )
        self.project = project
        self.based_on_version = based_on_version


def save_project(
    *,
    project: Project,
    co_coordinators: Iterable[Person],
    subject_areas: Iterable[SubjectArea],
    partners: RowChanges = NO_ROW_CHANGES,
    grant_lines: RowChanges = NO_ROW_CHANGES,
    deadlines: RowChanges = NO_ROW_CHANGES,
    by: AbstractBaseUser,
    based_on_version: int | None = None,
) -> Project:
    """Create or update a project with its partners, grant lines and deadlines, all or nothing.

    An update must say which version it started from: if the project was saved since, raises
    EditConflict. Each save moves the project to the next version and brings the milestones
    that follow from its dates up to date; a change of status is signalled
    (project_status_changed) for the apps that follow it.
    """
    with transaction.atomic():
        previous_status = None
        if project.pk is None:
            project.version = 1
        else:
            stored = Project.objects.select_for_update().get(pk=project.pk)
            if stored.version != based_on_version:
                raise EditConflict(project=stored, based_on_version=based_on_version)
            project.version = stored.version + 1
            previous_status = stored.status
        # History names `by` also where no request does (a task, a command).
        project._history_user = by
        project.save()
        project.co_coordinators.set(co_coordinators)
        project.subject_areas.set(subject_areas)
        # Partners first: grant lines and mobilities refer to them.
        for rows in (partners, grant_lines, deadlines):
            store_rows(changes=rows, parent=project, parent_field="project")
        sync_project_milestones(project=project)
        if project.status != previous_status:
            project_status_changed.send(
                sender=Project, project=project, previous_status=previous_status, by=by
            )
        return project


def delete_project(*, project: Project, by: AbstractBaseUser) -> None:
    """Delete a project with everything that belongs to it (partners' roles, grant lines,
    mobilities, deadlines, offers and their registrations)."""
    delete_unless_used(obj=project)


def save_person(*, person: Person, by: AbstractBaseUser) -> Person:
    """Create or update a coordinator or contact person."""
    person.save()
    return person


def delete_person(*, person: Person, by: AbstractBaseUser) -> None:
    """Delete a person; refused while they lead a project."""
    delete_unless_used(obj=person)


def save_call(*, call: Call, by: AbstractBaseUser) -> Call:
    """Create or update a call."""
    call.save()
    return call


def delete_call(*, call: Call, by: AbstractBaseUser) -> None:
    """Delete a call; refused while projects belong to it."""
    delete_unless_used(obj=call)


def save_subject_area(*, subject_area: SubjectArea, by: AbstractBaseUser) -> SubjectArea:
    """Create or update a research field."""
    subject_area.save()
    return subject_area


def delete_subject_area(*, subject_area: SubjectArea, by: AbstractBaseUser) -> None:
    """Delete a research field: projects lose it, offers keep no field."""
    delete_unless_used(obj=subject_area)
