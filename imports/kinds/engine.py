"""The preview (what each row would do, nothing written) and the confirmed import."""

import copy
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from ..reader import Table
from .base import (
    CHANGED,
    DUPLICATE_IN_FILE,
    NEW,
    OUTCOMES,
    REFUSED,
    UNCHANGED,
    Field,
    RowResult,
    header_key,
    shown,
    validation_messages,
)


@dataclass
class Context:
    """What the rows of one file share: the project it is for, and lookups loaded once."""

    project: object = None
    cache: dict = field(default_factory=dict)


class ModelKind:
    """A kind of row the portal imports: one model, found by a key, saved by its service."""

    name = ""
    model: type[models.Model]
    fields: list[Field] = []
    key_field = ""
    # Relations set from rows loaded for the file: their existence needs no query per row.
    loaded_relations: tuple[str, ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def column(self, context: "Context", name: str) -> str:
        """The file's header of a field, or the field's label when it has no column."""
        return context.cache["header_of"].get(name) or str(self.field(name).label)

    def auto_mapping(self, headers: list[str]) -> dict[str, str]:
        """{field name: header} for every header known by a field's name."""
        mapping = {}
        for header in headers:
            wanted = header_key(header)
            for candidate in self.fields:
                if candidate.name not in mapping and wanted in candidate.known_as():
                    mapping[candidate.name] = header
                    break
        return mapping

    def prepare(self, context: Context, values_of_rows: list[dict]) -> None:
        """Load what finding and checking the rows needs, once for the file."""

    def key(self, values: dict) -> str:
        return str(values.get(self.key_field) or "")

    def find(self, context: Context, values: dict, result: RowResult):
        raise NotImplementedError

    def new(self, context: Context, values: dict, result: RowResult):
        return self.model()

    def apply(self, context: Context, instance, values: dict, result: RowResult) -> list[str]:
        """Set the row's values on the instance; returns the model fields the row sets."""
        names = {f.name for f in self.model._meta.concrete_fields}
        set_fields = []
        for name, value in values.items():
            if name in names:
                model_field = self.model._meta.get_field(name)
                if value is None and not model_field.null:
                    value = model_field.get_default() if model_field.has_default() else ""
                setattr(instance, name, value)
                set_fields.append(name)
        return set_fields

    def validate(self, context: Context, instance, result: RowResult) -> dict[str, list[str]]:
        try:
            instance.full_clean(
                exclude=self.loaded_relations, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            return validation_messages(error)
        return {}

    def label(self, instance) -> str:
        return str(instance)

    def note_after_writing(self, result: RowResult) -> str:
        """What staff should know of a row once it is written (empty: nothing)."""
        return ""

    def save(self, instance, *, by, result: RowResult) -> list:
        """Save the row with its service; returns the other rows it created (a project's
        new partners), which an undo deletes with it."""
        raise NotImplementedError


def preview_rows(
    *,
    kind: ModelKind,
    table: Table,
    mapping: dict[str, str],
    context: Context,
    progress: Callable[[int], None] | None = None,
) -> list[RowResult]:
    """Every data row's outcome, with its changes or the reasons it is refused; writes nothing."""
    columns = {
        name: table.headers.index(header)
        for name, header in mapping.items()
        if header in table.headers
    }
    header_of = {name: table.headers[index] for name, index in columns.items()}
    parsed = []
    for number, row in enumerate(table.rows, start=2):
        result = RowResult(number=number)
        values = {}
        for name, index in columns.items():
            try:
                values[name] = kind.field(name).parse(row[index])
            except ValidationError as error:
                for message in error.messages:
                    result.refuse(header_of[name], message)
        parsed.append((result, values))
    context.cache["header_of"] = header_of
    kind.prepare(context, [values for _result, values in parsed])
    seen_keys = {}
    results = []
    step = max(len(parsed) // 20, 1)
    for position, (result, values) in enumerate(parsed):
        if progress and position % step == 0:
            progress(position * 100 // max(len(parsed), 1))
        results.append(result)
        if result.outcome == REFUSED:
            continue
        _preview_row(kind, context, result, values, header_of, seen_keys)
    return results


def _preview_row(kind, context, result, values, header_of, seen_keys) -> None:
    key_column = header_of.get(kind.key_field, str(kind.field(kind.key_field).label))
    result.key = kind.key(values)
    if not result.key:
        result.refuse(key_column, _("This column is required."))
        return
    if result.key in seen_keys:
        result.refuse(
            key_column, DUPLICATE_IN_FILE % {"key": result.key, "line": seen_keys[result.key]}
        )
        return
    seen_keys[result.key] = result.number
    existing = kind.find(context, values, result)
    if result.outcome == REFUSED:
        return
    if existing is None:
        for required in kind.fields:
            if required.required and values.get(required.name) in (None, ""):
                result.refuse(
                    header_of.get(required.name, str(required.label)),
                    _("This column is required for a new row."),
                )
        if result.outcome == REFUSED:
            return
        instance = kind.new(context, values, result)
    else:
        instance = copy.deepcopy(existing)
    if result.outcome == REFUSED:
        return
    set_fields = kind.apply(context, instance, values, result)
    if result.outcome == REFUSED:
        return
    labels = context.cache.setdefault("labels", {f.name: str(f.label) for f in kind.fields})
    for name, messages in kind.validate(context, instance, result).items():
        column = header_of.get(name) or labels.get(name)
        if not column:
            column = str(kind.model._meta.get_field(name).verbose_name) if name != "__all__" else ""
        for message in messages:
            result.refuse(column, message)
    if result.outcome == REFUSED:
        return
    result.instance = instance
    result.label = kind.label(instance)
    if existing is None:
        result.outcome = NEW
        return
    for name in set_fields:
        before, after = getattr(existing, name), getattr(instance, name)
        if before != after:
            field_label = str(kind.model._meta.get_field(name).verbose_name)
            result.changes.append((field_label, shown(before), shown(after)))
    result.outcome = CHANGED if result.changes else UNCHANGED


def counts(results: list[RowResult]) -> dict[str, int]:
    found = Counter(result.outcome for result in results)
    return {outcome: found.get(outcome, 0) for outcome in OUTCOMES}


def latest_history_id(instance) -> int | None:
    return instance.history.order_by("-history_id").values_list("history_id", flat=True).first()


@transaction.atomic
def write_rows(*, kind: ModelKind, results: list[RowResult], batch, by) -> int:
    """Save the new and changed rows, each with history naming the import; returns how many."""
    from ..models import ImportedRow

    written = []
    model_label = kind.model._meta.label_lower
    for result in results:
        if result.outcome not in (NEW, CHANGED):
            continue
        instance = result.instance
        previous = latest_history_id(instance) if instance.pk else None
        instance._change_reason = batch.change_reason
        created_with_it = kind.save(instance, by=by, result=result) or []
        written.append(
            ImportedRow(
                batch=batch,
                model=model_label,
                object_id=instance.pk,
                key=result.key[:100],
                action=ImportedRow.Action.CREATED
                if previous is None
                else ImportedRow.Action.CHANGED,
                history_id=latest_history_id(instance),
                previous_history_id=previous,
            )
        )
        written.extend(
            ImportedRow(
                batch=batch,
                model=row._meta.label_lower,
                object_id=row.pk,
                action=ImportedRow.Action.CREATED,
                history_id=latest_history_id(row),
            )
            for row in created_with_it
        )
    ImportedRow.objects.bulk_create(written)
    batch.preview["notes_after"] = [
        [result.number, result.label, note]
        for result in results
        if result.outcome != REFUSED and (note := kind.note_after_writing(result))
    ]
    return sum(row.model == model_label for row in written)
