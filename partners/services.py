"""Writes on institutions, and what every app's writes share: storing the rows an edit
makes under a parent, and deletion refused while other rows still need a row."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

from .models import Institution


@dataclass(frozen=True)
class RowToStore:
    """A new or changed row to store, with the values of its many-to-many fields by name
    (a deadline's responsible people)."""

    instance: models.Model
    many_to_many: Mapping[str, Iterable[models.Model]] = field(default_factory=dict)


@dataclass(frozen=True)
class RowChanges:
    """What an edit does to the rows of one kind under a parent (a project's partners, an
    institution's contacts): rows to store, new or changed, and rows to delete."""

    stored: Sequence[RowToStore] = ()
    deleted: Sequence[models.Model] = ()


NO_ROW_CHANGES = RowChanges()


def store_rows(*, changes: RowChanges, parent: models.Model, parent_field: str) -> None:
    """Delete the rows to delete, then store the others under `parent` (which may be new)."""
    for obj in changes.deleted:
        obj.delete()
    for row in changes.stored:
        setattr(row.instance, parent_field, parent)
        row.instance.save()
        for name, values in row.many_to_many.items():
            getattr(row.instance, name).set(values)


@transaction.atomic
def save_institution(
    *,
    institution: Institution,
    contacts: RowChanges = NO_ROW_CHANGES,
    units: RowChanges = NO_ROW_CHANGES,
    by: AbstractBaseUser,
) -> Institution:
    """Create or update an institution with its contacts and units, all or nothing."""
    institution.save()
    store_rows(changes=contacts, parent=institution, parent_field="institution")
    store_rows(changes=units, parent=institution, parent_field="institution")
    return institution


def delete_unless_used(*, obj: models.Model) -> None:
    """Delete a row and what cascades from it; ValidationError if other rows still need it."""
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("%(name)s is still used by %(count)d records and was not deleted.")
            % {"name": obj, "count": len(error.protected_objects)}
        ) from error


def delete_institution(*, institution: Institution, by: AbstractBaseUser) -> None:
    """Delete an institution with its contacts and units; refused while projects use it."""
    delete_unless_used(obj=institution)
