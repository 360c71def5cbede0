"""Partner contacts' own changes to their institution's factsheet and contact persons, as
staff see them on the institution's page, and staff's undo of one of them.

An undo puts back the values from before the partner's change, as a new save recorded under
the staff member's name. It is refused when the fields a partner may edit changed since (by
anyone, an earlier undo included), so that an undo never overwrites what was done afterwards.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mobility.history import AUTHOR_REASON_PREFIX, author_without_account
from partners.models import Contact, Institution

from .services import CONTACT_FIELDS, FACTSHEET_FIELDS

# The kinds of record a partner changes, by the name used in the undo address.
KINDS: dict[str, tuple[type[Model], tuple[str, ...]]] = {
    "institution": (Institution, FACTSHEET_FIELDS),
    "contact": (Contact, CONTACT_FIELDS),
}
# The change reason of an undo names the partner's record it undid.
UNDO_REASON_PREFIX = "undo:"
CHANGED_SINCE_MESSAGE = _(
    "This change cannot be undone: the record was changed again since. Edit it instead."
)
NOT_A_PARTNER_CHANGE_MESSAGE = _("Only a change made by a partner contact can be undone here.")
GONE_MESSAGE = _("This record no longer exists.")


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: Any
    new: Any


@dataclass(frozen=True)
class PartnerChange:
    kind: str
    history_id: int
    when: Any
    author: str
    subject: str
    changes: list[FieldChange]
    undoable: bool
    undone_by: Any


def _records(institution: Institution) -> list:
    institution_records = Institution.history.filter(id=institution.pk)
    contact_records = Contact.history.filter(institution_id=institution.pk)
    return [
        ("institution", list(institution_records.select_related("history_user"))),
        ("contact", list(contact_records.select_related("history_user"))),
    ]


def partner_changes(institution: Institution, *, limit: int = 20) -> list[PartnerChange]:
    """The partner contacts' changes to the institution and its contacts, newest first:
    what they changed, and whether staff may still undo it (nothing changed it since)."""
    found = []
    for kind, records in _records(institution):
        model, fields = KINDS[kind]
        by_object: dict[int, list] = {}
        for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
            by_object.setdefault(record.id, []).append(record)
        for history in by_object.values():
            for index, record in enumerate(history):
                author = author_without_account(record)
                if author is None or record.history_type != "~" or index == 0:
                    continue
                previous = history[index - 1]
                changes = [
                    FieldChange(
                        capfirst(str(model._meta.get_field(name).verbose_name)),
                        getattr(previous, name),
                        getattr(record, name),
                    )
                    for name in fields
                    if getattr(previous, name) != getattr(record, name)
                ]
                if not changes:
                    continue
                later = history[index + 1 :]
                undone = [
                    r
                    for r in later
                    if (r.history_change_reason or "") == f"{UNDO_REASON_PREFIX}{record.history_id}"
                ]
                found.append(
                    PartnerChange(
                        kind=kind,
                        history_id=record.history_id,
                        when=record.history_date,
                        author=author,
                        subject=record.name if kind == "contact" else str(model._meta.verbose_name),
                        changes=changes,
                        undoable=all(_same(r, record, fields) for r in later),
                        undone_by=undone[0].history_user if undone else None,
                    )
                )
    found.sort(key=lambda change: change.when, reverse=True)
    return found[:limit]


def _same(one, other, fields) -> bool:
    return all(getattr(one, name) == getattr(other, name) for name in fields)


def change_record(*, kind: str, history_id: int):
    """The history record of a partner-changed row; LookupError when there is none."""
    if kind not in KINDS:
        raise LookupError(kind)
    model, _fields = KINDS[kind]
    record = model.history.filter(history_id=history_id).first()
    if record is None:
        raise LookupError(history_id)
    return record


def institution_of_record(kind: str, record) -> int:
    return record.id if kind == "institution" else record.institution_id


@transaction.atomic
def undo_partner_change(*, kind: str, record, by: AbstractBaseUser) -> Model:
    """Put back the values from before a partner contact's change, recorded as the staff
    member's undo; ValidationError when it is not a partner's change or changed since."""
    model, fields = KINDS[kind]
    reason = record.history_change_reason or ""
    if record.history_type != "~" or not reason.startswith(AUTHOR_REASON_PREFIX):
        raise ValidationError(NOT_A_PARTNER_CHANGE_MESSAGE)
    current = model.objects.select_for_update().filter(pk=record.id).first()
    if current is None:
        raise ValidationError(GONE_MESSAGE)
    if not _same(current, record, fields):
        raise ValidationError(CHANGED_SINCE_MESSAGE)
    previous = record.prev_record
    for name in fields:
        setattr(current, name, getattr(previous, name))
    current.full_clean()
    current._change_reason = f"{UNDO_REASON_PREFIX}{record.history_id}"
    current._history_user = by
    current.save()
    return current
