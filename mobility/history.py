"""Read django-simple-history records as field-by-field changes: the one reader of history,
for the workspace's history pages and the budget pages. It sits here, with the last of the
domain apps whose rows it reads, so that both page apps use it without importing each other.

Each record is compared with the one before it by simple-history's diff_against; recorded
many-to-many rows are compared from their prefetched rows. One save of a project can write
several records (the row, then its co-coordinators); they share the project's version and
are shown as one change. Foreign keys and choices are shown by name, looked up with one
query per related model, so a history page asks the database the same number of questions
however long the history is. Labels and subjects are worked out when the page is rendered,
in the reader's language.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country, CountryField
from simple_history.utils import get_m2m_reverse_field_name

from mobility.models import (
    EligibilityRule,
    IndividualSupportRate,
    Mobility,
    MobilityGrant,
    RateTable,
    TravelBand,
)
from mobility.rates import RATE_TABLE_RULES
from projects.models import Deadline, Project, ProjectPartner

KIND_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
KIND_NAMES = {"+": "created", "~": "changed", "-": "deleted"}
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


# A change made by someone without an account (a partner contact through their access link)
# names them in its history change reason: "by:<name> (<institution>)".
AUTHOR_REASON_PREFIX = "by:"


def author_without_account(record) -> str | None:
    """The name a change made without an account gives in its reason, else None."""
    reason = getattr(record, "history_change_reason", None) or ""
    return (
        reason.removeprefix(AUTHOR_REASON_PREFIX)
        if reason.startswith(AUTHOR_REASON_PREFIX)
        else None
    )


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
        return KIND_NAMES[self.kind]


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


def load(queryset) -> list:
    """History records of a queryset, oldest first, with their users and many-to-many rows."""
    accessors = [accessor for accessor, _column in _m2m_accessors(queryset.model).values()]
    return list(
        queryset.select_related("history_user")
        .prefetch_related(*accessors)
        .order_by("history_date", "history_id")
    )


def records_of(obj=None, *, model=None, pk=None, extra: Q | None = None) -> list:
    """The history records of one object, oldest first; a deleted one is named by model
    and pk."""
    model = model or type(obj)
    pk = obj.pk if obj is not None else pk
    condition = Q(id=pk) if extra is None else Q(id=pk) | extra
    return load(model.history.model.objects.filter(condition))


def project_records(project: Project | None = None, *, pk: int | None = None) -> list:
    """A project's own records and those of its partners, grant lines and deadlines,
    deleted ones included (the project itself may be deleted: then give its pk)."""
    pk = project.pk if project is not None else pk
    return records_of(model=Project, pk=pk) + [
        record
        for model in (ProjectPartner, MobilityGrant, Deadline)
        for record in load(model.history.model.objects.filter(project_id=pk))
    ]


def _tracked_fields(record, names: Sequence[str] | None = None) -> list[models.Field]:
    meta = record.instance_type._meta
    if names is not None:
        return [meta.get_field(name) for name in names]
    return [
        f
        for f in meta.concrete_fields
        if f.editable and f.name not in HIDDEN_FIELDS and _is_recorded(record, f)
    ]


def _is_recorded(record, model_field) -> bool:
    try:
        type(record)._meta.get_field(model_field.name)
    except FieldDoesNotExist:
        return False
    return True


def _m2m_values(record, names: Sequence[str] | None) -> dict[str, frozenset]:
    return {
        name: frozenset(getattr(row, column) for row in getattr(record, accessor).all())
        for name, (accessor, column) in _m2m_accessors(type(record)).items()
        if names is None or name in names
    }


def recorded_values(record, names: Sequence[str] | None = None) -> dict[str, Any]:
    """The tracked fields of a record by name: foreign keys as ids, many-to-many as id sets."""
    values = {
        f.name: getattr(record, f.attname)
        for f in _tracked_fields(record, names)
        if not f.many_to_many
    }
    values.update(_m2m_values(record, names))
    return values


def _field(record, name: str) -> models.Field:
    return record.instance_type._meta.get_field(name)


def _diff(old, new, names: Sequence[str] | None) -> list[tuple[models.Field, Any, Any]]:
    """(field, old value, new value) for each field that differs; all filled fields if new.

    In the order of the model's fields."""
    if old is None:
        return [
            (_field(new, name), None, value)
            for name, value in recorded_values(new, names).items()
            if value not in (None, "", frozenset(), [])
        ]
    concrete = [f.name for f in _tracked_fields(new, names) if not f.many_to_many]
    delta = new.diff_against(old, included_fields=concrete)
    changed = {change.field: (change.old, change.new) for change in delta.changes}
    old_sets, new_sets = _m2m_values(old, names), _m2m_values(new, names)
    for name, value in new_sets.items():
        if old_sets[name] != value:
            changed[name] = (old_sets[name], value)
    order = [f.name for f in new.instance_type._meta.get_fields() if f.name in changed]
    return [(_field(new, name), *changed[name]) for name in order]


def _save_groups(records: list) -> list[list]:
    """Records of one object grouped by save: by version where the model has one."""
    if records and hasattr(records[0], "version"):
        # A deletion keeps the version of the last save: it is an entry of its own.
        saves = groupby(records, key=lambda r: (r.version, r.history_type == "-"))
        return [list(group) for _key, group in saves]
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
            deleted = _("#%(pk)s (deleted)")
            if isinstance(value, frozenset):
                shown = sorted(names.get(pk, deleted % {"pk": pk}) for pk in value)
                return ", ".join(shown) or "—"
            return names.get(value, deleted % {"pk": value})
        if isinstance(model_field, CountryField):
            if model_field.multiple:
                return ", ".join(country.code for country in value) or "—"
            return Country(code=value).name if isinstance(value, str) else value.name
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
    "contact": (("name",), ""),
    "person": (("first_name", "last_name"), " "),
    "exchangeoffer": (("title",), ""),
    "call": (("action", "year"), " "),
    "subjectarea": (("name",), ""),
    "virtualactivity": (("title",), ""),
}


def _subject_fields(record) -> tuple[list[models.Field], str]:
    meta = record.instance_type._meta
    names, separator = SUBJECT_FIELDS.get(meta.model_name, ((), ""))
    return [meta.get_field(name) for name in names], separator


def default_subject(record, names: _Names) -> str:
    """ "Kind: name", the name from the model's SUBJECT_FIELDS."""
    fields, separator = _subject_fields(record)
    parts = [str(names.show(f, getattr(record, f.attname))) for f in fields]
    label = capfirst(str(record.instance_type._meta.verbose_name))
    return f"{label}: {separator.join(parts) or f'#{record.id}'}"


def object_name(record) -> str:
    """What a record's object is called (its name fields; related names looked up)."""
    names = _Names()
    fields, separator = _subject_fields(record)
    for subject_field in fields:
        names.want(subject_field, getattr(record, subject_field.attname))
    names.fetch()
    parts = [str(names.show(f, getattr(record, f.attname))) for f in fields]
    return separator.join(parts) or f"#{record.id}"


def _describe(saves: list[tuple], subject: Callable | None) -> list[tuple[str, list[Change]]]:
    """(subject, changes) for each (record, differences), resolving names in bulk."""
    names = _Names()
    for record, differences in saves:
        if subject is None:
            for subject_field in _subject_fields(record)[0]:
                names.want(subject_field, getattr(record, subject_field.attname))
        for model_field, before, after in differences:
            names.want(model_field, before)
            names.want(model_field, after)
    names.fetch()
    return [
        (
            str(subject(record)) if subject is not None else default_subject(record, names),
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


def entries(
    records: Iterable,
    *,
    fields: Sequence[str] | None = None,
    subject: Callable | None = None,
    limit: int | None = None,
) -> list[Entry]:
    """The records as changes, newest first: who, when, what, and each field before/after.

    `fields` limits the comparison (and the changes shown) to those fields: a change of
    other fields only is left out. `subject(record)` names what changed; by default the
    model's name and the object's name fields.
    """
    by_object = defaultdict(list)
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    for record in ordered:
        by_object[(record.instance_type, record.id)].append(record)
    saves = []
    for object_records in by_object.values():
        previous = None
        for group in _save_groups(object_records):
            last = group[-1]
            kind = "+" if group[0].history_type == "+" else last.history_type
            differences = [] if kind == "-" else _diff(previous, last, fields)
            previous = last
            if kind == "~" and not differences:
                continue
            saves.append((last, kind, differences))
    saves.sort(key=lambda item: (item[0].history_date, item[0].history_id), reverse=True)
    saves = saves[:limit]
    described = _describe([(last, differences) for last, _kind, differences in saves], subject)
    return [
        Entry(
            when=last.history_date,
            who=last.history_user or author_without_account(last),
            kind=kind,
            subject=subject_text,
            version=getattr(last, "version", None),
            changes=changes,
        )
        for (last, kind, _differences), (subject_text, changes) in zip(
            saves, described, strict=True
        )
    ]


def record_at(project: Project, *, version: int):
    """The project as it was saved at `version` (its last record of that version), or None."""
    found = [r for r in records_of(project) if r.version == version]
    return found[-1] if found else None


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
    ((subject, changes),) = _describe(
        [(latest, _diff(base[-1] if base else None, latest, None))], None
    )
    users = {str(r.history_user) for r in since if r.history_user is not None}
    return Entry(
        when=latest.history_date,
        who=", ".join(sorted(users)) or _("someone"),
        kind="~",
        subject=subject,
        version=latest.version,
        changes=changes,
    )


RATE_FIELDS = ["category", "direction", "host_countries", "amount", "later_days_amount"]
BAND_FIELDS = ["min_km", "amount", "green_amount"]
RULE_FIELDS = ["activity", "unit", "min_duration", "max_duration", "source"]
GRANT_FIELDS = [
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "partner",
    "activity",
    "direction",
    "travel_days",
    "green_travel",
    "fewer_opportunities",
    "zero_grant",
    "band_override_km",
    "band_override_justification",
    "distance_band",
    "individual_support",
    "travel_support",
    "organisational_support",
]


def _rate_subject(record) -> str:
    return _("%(category)s, %(direction)s") % {
        "category": record.get_category_display(),
        "direction": record.get_direction_display(),
    }


def rate_table_history(table: RateTable, *, limit: int | None = None) -> list[Entry]:
    """Every change to the table, its individual rates, travel bands and eligibility rules
    (four queries)."""
    return sorted(
        entries(
            load(RateTable.history.filter(id=table.pk)),
            fields=RATE_TABLE_RULES,
            subject=lambda record: _("Rate table"),
        )
        + entries(
            load(IndividualSupportRate.history.filter(rate_table_id=table.pk)),
            fields=RATE_FIELDS,
            subject=_rate_subject,
        )
        + entries(
            load(TravelBand.history.filter(rate_table_id=table.pk)),
            fields=BAND_FIELDS,
            subject=lambda record: _("Travel band from %(km)s km") % {"km": record.min_km},
        )
        + entries(
            load(EligibilityRule.history.filter(rate_table_id=table.pk)),
            fields=RULE_FIELDS,
            subject=lambda record: (
                _("Eligibility rule for %(activity)s") % {"activity": record.get_activity_display()}
            ),
        ),
        key=lambda entry: entry.when,
        reverse=True,
    )[:limit]


def mobility_grant_history(mobility: Mobility) -> list[Entry]:
    """The changes that move a mobility's grant: dates, partner, flags, band and amounts."""
    return entries(records_of(mobility), fields=GRANT_FIELDS, subject=lambda record: _("Mobility"))


@dataclass
class DeletedItem:
    """The last deletion of an object that is still gone, with its state at that moment."""

    kind: str
    label: str
    record: Any
    name: str
    state: list[Change]

    @property
    def when(self) -> datetime:
        return self.record.history_date

    @property
    def who(self) -> Any:
        return self.record.history_user

    @property
    def pk(self) -> int:
        return self.record.id


def deleted_items(models_by_kind: dict[str, type[models.Model]], *, limit: int) -> list:
    """The latest deletions of objects still gone, newest first: one query per kind for the
    records, one per related model for the names shown."""
    records = []
    for kind, model in models_by_kind.items():
        gone = (
            model.history.filter(history_type="-")
            .exclude(id__in=model._default_manager.values("pk"))
            .select_related("history_user")
            .prefetch_related(
                *(accessor for accessor, _column in _m2m_accessors(model.history.model).values())
            )
            .order_by("-history_date", "-history_id")[:limit]
        )
        seen = set()
        for record in gone:
            if record.id not in seen:
                seen.add(record.id)
                records.append((kind, record))
    records.sort(key=lambda item: (item[1].history_date, item[1].history_id), reverse=True)
    records = records[:limit]
    names = _Names()
    differences = []
    for _kind, record in records:
        for subject_field in _subject_fields(record)[0]:
            names.want(subject_field, getattr(record, subject_field.attname))
        state = _diff(None, record, None)
        for model_field, _before, after in state:
            names.want(model_field, after)
        differences.append(state)
    names.fetch()
    items = []
    for (kind, record), state in zip(records, differences, strict=True):
        fields, separator = _subject_fields(record)
        name = separator.join(str(names.show(f, getattr(record, f.attname))) for f in fields)
        items.append(
            DeletedItem(
                kind=kind,
                label=capfirst(str(record.instance_type._meta.verbose_name)),
                record=record,
                name=name or f"#{record.id}",
                state=[
                    Change(
                        label=capfirst(str(model_field.verbose_name)),
                        old=None,
                        new=names.show(model_field, after),
                        name=model_field.name,
                    )
                    for model_field, _before, after in state
                ],
            )
        )
    return items


def last_record(model: type[models.Model], pk: int):
    """The newest history record of an object (deleted or not), or None."""
    return model.history.filter(id=pk).order_by("-history_date", "-history_id").first()
