"""Read the django-simple-history records of workspace objects as field-by-field changes.

One save of a project can write several records (the row, then its co-coordinators); they
share the project's version and are shown as one change. Foreign keys and choices are shown
by name, looked up with one query per related model, so a history page asks the database
the same number of questions however long the history is.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_reverse_field_name

from mobility.models import MobilityGrant
from projects.models import Deadline, Project, ProjectPartner

KIND_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# Bookkeeping that changes with every save and says nothing to a reader.
HIDDEN_FIELDS = {"id", "version", "created_at", "updated_at"}


@dataclass
class Change:
    label: str
    old: Any
    new: Any
    name: str = ""
    # For an edit conflict: the user changed this field too (their value is in the form).
    also_yours: bool = False


@dataclass
class Entry:
    when: datetime
    who: Any
    kind: str
    subject: str
    changes: list[Change] = field(default_factory=list)
    version: int | None = None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def kind_name(self) -> str:
        return {"+": "created", "~": "changed", "-": "deleted"}[self.kind]


def _m2m_accessors(history_model) -> dict[str, tuple[str, str]]:
    """For each recorded many-to-many field: (reverse accessor to its rows, target column)."""
    accessors = {}
    for m2m_field in getattr(history_model, "_history_m2m_fields", ()):
        row_model_name = f"{history_model.__name__}_{m2m_field.name}"
        for relation in history_model._meta.related_objects:
            if relation.related_model.__name__ == row_model_name:
                target = get_m2m_reverse_field_name(m2m_field)
                accessors[m2m_field.name] = (relation.get_accessor_name(), f"{target}_id")
    return accessors


def records_of(obj, *, extra: Q | None = None) -> list:
    """The history records of one object, oldest first, with their users and m2m rows."""
    history_model = type(obj).history.model
    condition = Q(id=obj.pk) if extra is None else Q(id=obj.pk) | extra
    return _load(history_model.objects.filter(condition))


def _load(queryset) -> list:
    accessors = [accessor for accessor, _column in _m2m_accessors(queryset.model).values()]
    return list(
        queryset.select_related("history_user")
        .prefetch_related(*accessors)
        .order_by("history_date", "history_id")
    )


def project_records(project: Project) -> list:
    """A project's own records and those of its partners, grant lines and deadlines,
    deleted ones included."""
    return records_of(project) + [
        record
        for model in (ProjectPartner, MobilityGrant, Deadline)
        for record in _load(model.history.model.objects.filter(project_id=project.pk))
    ]


def _tracked_fields(record) -> list[models.Field]:
    return [
        f
        for f in record.instance_type._meta.concrete_fields
        if f.editable and f.name not in HIDDEN_FIELDS
    ]


def _values(record) -> dict[str, Any]:
    values = {f.name: getattr(record, f.attname) for f in _tracked_fields(record)}
    for name, (accessor, column) in _m2m_accessors(type(record)).items():
        values[name] = frozenset(getattr(row, column) for row in getattr(record, accessor).all())
    return values


def _fields_by_name(record) -> dict[str, models.Field]:
    model_meta = record.instance_type._meta
    fields = {f.name: f for f in _tracked_fields(record)}
    for name in _m2m_accessors(type(record)):
        fields[name] = model_meta.get_field(name)
    return fields


def _diff(old, new) -> list[tuple[models.Field, Any, Any]]:
    """(field, old value, new value) for each field that differs; all filled fields if new."""
    fields = _fields_by_name(new)
    new_values = _values(new)
    old_values = _values(old) if old is not None else {}
    differences = []
    for name, model_field in fields.items():
        before = old_values.get(name)
        after = new_values[name]
        if old is None and after in (None, "", frozenset()):
            continue
        if old is not None and before == after:
            continue
        differences.append((model_field, before, after))
    return differences


def _save_groups(records: list) -> list[list]:
    """Records of one object grouped by save: by version where the model has one."""
    if records and hasattr(records[0], "version"):
        return [list(group) for _version, group in groupby(records, key=lambda r: r.version)]
    return [[record] for record in records]


class _Names:
    """Display names of related rows, fetched with one query per related model."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.names: dict[type[models.Model], dict] = {}

    def want(self, model_field, value) -> None:
        if model_field.is_relation and value not in (None, ""):
            ids = value if isinstance(value, frozenset) else {value}
            self.wanted[model_field.related_model].update(ids)

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            self.names[model] = {
                obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=ids)
            }

    def show(self, model_field, value) -> Any:
        if value is None or value == "":
            return "—"
        if model_field.is_relation:
            names = self.names.get(model_field.related_model, {})
            if isinstance(value, frozenset):
                return ", ".join(sorted(names.get(pk, f"#{pk} (deleted)") for pk in value)) or "—"
            return names.get(value, f"#{value} (deleted)")
        if model_field.choices:
            return dict(model_field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return value


# The fields that name an object in its history, per model, and what joins them.
SUBJECT_FIELDS = {
    "mobilitygrant": (("activity", "direction", "partner"), ", "),
    "projectpartner": (("institution",), ""),
    "deadline": (("title",), ""),
    "mobility": (("first_name", "last_name"), " "),
    "project": (("title",), ""),
    "institution": (("name",), ""),
}


def _subject_fields(record) -> tuple[list[models.Field], str]:
    meta = record.instance_type._meta
    names, separator = SUBJECT_FIELDS.get(meta.model_name, ((), ""))
    return [meta.get_field(name) for name in names], separator


def _subject(record, names: _Names) -> str:
    fields, separator = _subject_fields(record)
    parts = [str(names.show(f, getattr(record, f.attname))) for f in fields]
    label = capfirst(str(record.instance_type._meta.verbose_name))
    return f"{label}: {separator.join(parts) or f'#{record.id}'}"


def _describe(saves: list[tuple]) -> list[tuple[str, list[Change]]]:
    """(subject, changes) for each (record, differences), resolving names in bulk."""
    names = _Names()
    for record, differences in saves:
        for subject_field in _subject_fields(record)[0]:
            names.want(subject_field, getattr(record, subject_field.attname))
        for model_field, before, after in differences:
            names.want(model_field, before)
            names.want(model_field, after)
    names.fetch()
    return [
        (
            _subject(record, names),
            [
                Change(
                    label=capfirst(str(model_field.verbose_name)),
                    old=names.show(model_field, before),
                    new=names.show(model_field, after),
                    name=model_field.name,
                )
                for model_field, before, after in differences
            ],
        )
        for record, differences in saves
    ]


def entries(records: list, *, limit: int | None = None) -> list[Entry]:
    """The records as changes, newest first: who, when, what, and each field before/after."""
    by_object = defaultdict(list)
    for record in records:
        by_object[(record.instance_type, record.id)].append(record)
    saves = []
    for object_records in by_object.values():
        previous = None
        for group in _save_groups(object_records):
            last = group[-1]
            kind = "+" if group[0].history_type == "+" else last.history_type
            differences = [] if kind == "-" else _diff(previous, last)
            previous = last
            if kind == "~" and not differences:
                continue
            saves.append((last, kind, differences))
    saves.sort(key=lambda item: (item[0].history_date, item[0].history_id), reverse=True)
    saves = saves[:limit]
    described = _describe([(last, differences) for last, _kind, differences in saves])
    return [
        Entry(
            when=last.history_date,
            who=last.history_user,
            kind=kind,
            subject=subject,
            version=getattr(last, "version", None),
            changes=changes,
        )
        for (last, kind, _differences), (subject, changes) in zip(saves, described, strict=True)
    ]


def record_at(project: Project, *, version: int):
    """The project as it was saved at `version` (its last record of that version), or None."""
    found = [r for r in records_of(project) if r.version == version]
    return found[-1] if found else None


def recorded_values(record) -> dict[str, Any]:
    """The tracked fields of a record by name: foreign keys as ids, many-to-many as id sets."""
    return _values(record)


def changes_since(project: Project, *, version: int) -> Entry | None:
    """One entry for everything saved on a project after `version`, compared with `version`.

    `who` names every user who saved in between; `when` is the last of those saves.
    """
    records = records_of(project)
    base = [r for r in records if r.version == version]
    since = [r for r in records if r.version > version]
    if not since:
        return None
    latest = since[-1]
    ((subject, changes),) = _describe([(latest, _diff(base[-1] if base else None, latest))])
    users = {str(r.history_user) for r in since if r.history_user is not None}
    return Entry(
        when=latest.history_date,
        who=", ".join(sorted(users)) or _("someone"),
        kind="~",
        subject=subject,
        version=latest.version,
        changes=changes,
    )
