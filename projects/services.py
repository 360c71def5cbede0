"""Writes on projects (with their partners, grant lines and deadlines) and on people."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Model
from django.forms import BaseModelFormSet, ModelForm

from partners.services import delete_unless_used

from .deadlines import sync_project_milestones
from .models import Call, Person, Project, SubjectArea


class EditConflict(Exception):
    """Someone saved the project after the version an edit started from; nothing was saved."""

    def __init__(self, *, project: Project, based_on_version: int):
        super().__init__(
            f"Project {project.pk} is at version {project.version}, the edit started from "
            f"version {based_on_version}."
        )
        self.project = project
        self.based_on_version = based_on_version


def _save_formset(formset: BaseModelFormSet, *, parent: Model) -> None:
    """Save an inline formset under `parent` (who saved it is recorded by the history
    middleware)."""
    formset.instance = parent
    for form in formset.forms:
        # Rows added in the same save need the parent's key (it may be new).
        setattr(form.instance, formset.fk.name, parent)
    formset.save()


def save_project(
    *,
    form: ModelForm,
    partners: BaseModelFormSet,
    grant_lines: BaseModelFormSet,
    deadlines: BaseModelFormSet,
    by: AbstractBaseUser,
    based_on_version: int | None = None,
) -> Project:
    """Create or update a project with its partners, grant lines and deadlines, all or nothing.

    An update must say which version it started from: if the project was saved since, raises
    EditConflict. Each save moves the project to the next version and brings the milestones
    that follow from its dates up to date.
    """
    formsets = [partners, grant_lines, deadlines]

    def save() -> Project:
        project = form.save(commit=False)
        if project.pk is None:
            project.version = 1
        else:
            stored = Project.objects.select_for_update().get(pk=project.pk)
            if stored.version != based_on_version:
                raise EditConflict(project=stored, based_on_version=based_on_version)
            project.version = stored.version + 1
        project.save()
        form.save_m2m()
        # Partners first: grant lines and mobilities refer to them.
        for formset in formsets:
            _save_formset(formset, parent=project)
        sync_project_milestones(project=project)
        return project

    with transaction.atomic():
        return save()


def delete_project(*, project: Project, by: AbstractBaseUser) -> None:
    """Delete a project with everything that belongs to it (partners' roles, grant lines,
    mobilities, deadlines, offers and their registrations)."""
    delete_unless_used(obj=project)


def save_person(*, form: ModelForm, by: AbstractBaseUser) -> Person:
    """Create or update a coordinator or contact person."""
    return form.save()


def delete_person(*, person: Person, by: AbstractBaseUser) -> None:
    """Delete a person; refused while they lead a project."""
    delete_unless_used(obj=person)


def save_call(*, form: ModelForm, by: AbstractBaseUser) -> Call:
    """Create or update a call."""
    return form.save()


def delete_call(*, call: Call, by: AbstractBaseUser) -> None:
    """Delete a call; refused while projects belong to it."""
    delete_unless_used(obj=call)


def save_subject_area(*, form: ModelForm, by: AbstractBaseUser) -> SubjectArea:
    """Create or update a research field."""
    return form.save()


def delete_subject_area(*, subject_area: SubjectArea, by: AbstractBaseUser) -> None:
    """Delete a research field: projects lose it, offers keep no field."""
    delete_unless_used(obj=subject_area)
