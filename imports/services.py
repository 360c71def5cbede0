"""Imports: a file read, previewed, confirmed in one transaction, and undone as a whole."""

import hashlib
import json
from collections import defaultdict
from typing import NamedTuple

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ops.history import history_user
from partners.services import delete_unless_used

from .kinds import KINDS, Context, counts, preview_rows, write_rows
from .models import ColumnLayout, ImportBatch, ImportedRow
from .reader import FileRefused, Table, read_table

# The preview keeps every refused and changed row, but only this many of the others.
PREVIEW_ROWS_SHOWN = 500


def layout_fingerprint(*, kind: str, headers: list[str]) -> str:
    return hashlib.sha256(json.dumps([kind, headers]).encode()).hexdigest()


def mapping_for(*, kind: str, headers: list[str]) -> dict[str, str]:
    """The mapping staff last chose for this header row, else the known headers matched."""
    remembered = ColumnLayout.objects.filter(
        kind=kind, layout=layout_fingerprint(kind=kind, headers=headers)
    ).first()
    if remembered is not None:
        return {name: header for name, header in remembered.mapping.items() if header in headers}
    return KINDS[kind].auto_mapping(headers)


def remember_mapping(*, kind: str, headers: list[str], mapping: dict[str, str]) -> None:
    ColumnLayout.objects.update_or_create(
        kind=kind,
        layout=layout_fingerprint(kind=kind, headers=headers),
        defaults={"mapping": mapping},
    )


def create_batch(*, kind: str, filename: str, content: bytes, project=None, by=None) -> ImportBatch:
    """Store an uploaded file as an import (FileRefused if it cannot be read)."""
    table = read_table(content=content, filename=filename)
    batch = ImportBatch(
        kind=kind,
        filename=filename[:255],
        project=project,
        mapping=mapping_for(kind=kind, headers=table.headers),
        created_by=by,
    )
    batch.file.save(filename, ContentFile(content), save=False)
    batch.save()
    return batch


def batch_table(batch: ImportBatch) -> Table:
    with batch.file.open("rb") as handle:
        return read_table(content=handle.read(), filename=batch.filename)


def set_mapping(*, batch: ImportBatch, mapping: dict[str, str]) -> ImportBatch:
    """Keep the columns staff mapped, for this import and for files of the same layout."""
    table = batch_table(batch)
    batch.mapping = {name: header for name, header in mapping.items() if header}
    batch.status = ImportBatch.Status.UPLOADED
    batch.save(update_fields=["mapping", "status"])
    remember_mapping(kind=batch.kind, headers=table.headers, mapping=batch.mapping)
    return batch


def preview_file(*, kind: str, filename: str, content: bytes, project=None):
    """The preview of a file with the known headers mapped, without storing anything."""
    table = read_table(content=content, filename=filename)
    results = preview_rows(
        kind=KINDS[kind],
        table=table,
        mapping=mapping_for(kind=kind, headers=table.headers),
        context=Context(project=project),
    )
    return table, results


def _results(batch: ImportBatch, *, progress=None):
    table = batch_table(batch)
    context = Context(project=batch.project)
    results = preview_rows(
        kind=KINDS[batch.kind],
        table=table,
        mapping=batch.mapping,
        context=context,
        progress=progress,
    )
    return table, results


def preview_batch(*, batch: ImportBatch) -> ImportBatch:
    """Compute and store what each row would do; writes nothing but the preview itself."""
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.PREVIEWING, progress=0)

    def progress(percent):
        ImportBatch.objects.filter(pk=batch.pk).update(progress=min(percent, 99))

    try:
        table, results = _results(batch, progress=progress)
    except FileRefused as refused:
        batch.status, batch.error = ImportBatch.Status.FAILED, str(refused)[:500]
        batch.save(update_fields=["status", "error"])
        return batch
    found = counts(results)
    shown = [r.as_dict() for r in results if r.outcome in ("refused", "changed")]
    others = [r.as_dict() for r in results if r.outcome in ("new", "unchanged")]
    batch.preview = {
        "notes": table.notes,
        "rows": sorted(shown + others[:PREVIEW_ROWS_SHOWN], key=lambda r: r["number"]),
        "rows_hidden": max(len(others) - PREVIEW_ROWS_SHOWN, 0),
    }
    batch.rows_new, batch.rows_changed = found["new"], found["changed"]
    batch.rows_unchanged, batch.rows_refused = found["unchanged"], found["refused"]
    batch.status, batch.progress, batch.error = ImportBatch.Status.PREVIEWED, 100, ""
    batch.save()
    return batch


# A file with more rows than this is previewed and confirmed by the worker, and an import
# that wrote more rows than this is undone by it, while the page shows its progress.
ROWS_HANDLED_IN_THE_REQUEST = 500


def rows_of(batch: ImportBatch) -> int:
    return batch.rows_new + batch.rows_changed + batch.rows_unchanged + batch.rows_refused


def start_confirmation(*, batch: ImportBatch) -> bool:
    """Mark a previewed import as being confirmed by the worker (imports.tasks); False
    when it was not, or no longer, previewed."""
    marked = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEWED).update(
        status=ImportBatch.Status.CONFIRMING, error=""
    )
    return bool(marked)


def confirm_in_worker(*, batch_id: int, by) -> None:
    """The worker's side of start_confirmation: a refusal puts the import back to previewed
    with the reason shown on its page; nothing of the file is written."""
    try:
        with history_user(by):
            confirm_batch(batch=ImportBatch(pk=batch_id), by=by)
    except ValidationError as error:
        give_back_confirmation(batch_id=batch_id, reason=" ".join(error.messages))


def give_back_confirmation(*, batch_id: int, reason: str) -> None:
    """A confirmation the worker did not finish: the import is previewed again, with the
    reason on its page."""
    ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.CONFIRMING).update(
        status=ImportBatch.Status.PREVIEWED, error=reason[:500]
    )


@transaction.atomic
def confirm_batch(*, batch: ImportBatch, by) -> int:
    """Write every accepted row in one transaction (the preview is computed again, on the
    data as it is now); returns how many rows were written. A big import is confirmed by
    the worker (start_confirmation, imports.tasks.confirm_import), in the same way."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in (ImportBatch.Status.PREVIEWED, ImportBatch.Status.CONFIRMING):
        raise ValidationError(_("Only a previewed import can be confirmed."))
    _table, results = _results(batch)
    try:
        written = write_rows(kind=KINDS[batch.kind], results=results, batch=batch, by=by)
    except IntegrityError as error:
        # A rule only the database knows: nothing of the file is written.
        raise ValidationError(
            _("Nothing was imported: the database refused a row (%(error)s).")
            % {"error": str(error).splitlines()[0][:200]}
        ) from error
    batch.status, batch.confirmed_at = ImportBatch.Status.CONFIRMED, timezone.now()
    batch.error = ""
    batch.save(update_fields=["status", "confirmed_at", "preview", "error"])
    return written


KIND_OF_MODEL = {kind.model._meta.label_lower: kind for kind in KINDS.values()}


def _latest_history_ids(model, object_ids) -> dict[int, int]:
    """{object id: its latest history record}, for many rows of one model in one query."""
    pk_name = model._meta.pk.attname
    return dict(
        model.history.model.objects.filter(**{f"{pk_name}__in": object_ids})
        .order_by()
        .values(pk_name)
        .annotate(latest=Max("history_id"))
        .values_list(pk_name, "latest")
    )


class WrittenRows(NamedTuple):
    rows: list[ImportedRow]  # what the import wrote, the latest first
    current: dict  # {model label: {id: the object as it is now}}
    changed: list[ImportedRow]  # those changed, or deleted, since


def _written_rows_now(batch: ImportBatch, *, lock: bool = False) -> WrittenRows:
    """The rows the import wrote as they are now; two queries per model, whatever the number
    of rows. lock: hold their rows until the transaction ends (an undo), so that nobody
    changes one between the check and the undo's write."""
    rows = list(batch.written.order_by("-pk"))
    ids_of = defaultdict(list)
    for row in rows:
        ids_of[row.model].append(row.object_id)
    current, latest = {}, {}
    for label, object_ids in ids_of.items():
        model = apps.get_model(label)
        objects = model.objects.select_for_update() if lock else model.objects
        current[label] = objects.in_bulk(object_ids)
        latest[label] = _latest_history_ids(model, object_ids)
    changed = [
        row
        for row in rows
        if row.object_id not in current[row.model]
        or latest[row.model].get(row.object_id) != row.history_id
    ]
    return WrittenRows(rows, current, changed)


def changed_since(*, batch: ImportBatch) -> list[ImportedRow]:
    """The rows the import wrote that were changed (or deleted) after it."""
    return sorted(_written_rows_now(batch).changed, key=lambda row: row.pk)


def _records_before(rows: list[ImportedRow]) -> dict:
    """{model label: {history id: record}} of the changed rows' records before the import,
    one query per model."""
    ids_of = defaultdict(list)
    for row in rows:
        if row.action == ImportedRow.Action.CHANGED:
            ids_of[row.model].append(row.previous_history_id)
    return {
        label: apps.get_model(label).history.model.objects.in_bulk(history_ids)
        for label, history_ids in ids_of.items()
    }


def start_undo(*, batch: ImportBatch) -> bool:
    """Mark an import as being undone by the worker (imports.tasks); False when it was not,
    or no longer, imported."""
    marked = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.CONFIRMED).update(
        status=ImportBatch.Status.UNDOING, error=""
    )
    return bool(marked)


def undo_in_worker(*, batch_id: int, by) -> None:
    """The worker's side of start_undo: a refusal puts the import back to imported with the
    reason shown on its page; nothing of it is undone."""
    try:
        with history_user(by):
            undo_batch(batch=ImportBatch(pk=batch_id), by=by)
    except ValidationError as error:
        give_back_undo(batch_id=batch_id, reason=" ".join(error.messages))


def give_back_undo(*, batch_id: int, reason: str) -> None:
    """An undo the worker did not finish: the import is imported again, with the reason."""
    ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.UNDOING).update(
        status=ImportBatch.Status.CONFIRMED, error=reason[:500]
    )


@transaction.atomic
def undo_batch(*, batch: ImportBatch, by) -> int:
    """Delete the rows the import created and restore those it changed, all or nothing;
    refused while any of them has changed since. Returns how many rows were undone. A big
    import is undone by the worker (start_undo, imports.tasks.undo_import), in the same way."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in (ImportBatch.Status.CONFIRMED, ImportBatch.Status.UNDOING):
        raise ValidationError(_("Only a finished import can be undone."))
    rows, current, changed = _written_rows_now(batch, lock=True)
    if changed:
        raise ValidationError(
            _("%(count)s rows of this import were changed since; it can no longer be undone.")
            % {"count": len(changed)}
        )
    records_before = _records_before(rows)
    reason = f"Undo of import #{batch.pk}"[:100]
    for row in rows:
        if row.action == ImportedRow.Action.CREATED:
            instance = current[row.model][row.object_id]
            instance._change_reason = reason
            delete_unless_used(obj=instance)
            continue
        before = records_before[row.model][row.previous_history_id].instance
        before._change_reason = reason
        # Through the same service as the import's own write: grants follow restored
        # coordinates, a project moves on to its next version, milestones follow dates.
        kind = KIND_OF_MODEL.get(row.model)
        if kind is None:
            before.save()
        else:
            kind.save(before, by=by)
    batch.status, batch.undone_at, batch.error = ImportBatch.Status.UNDONE, timezone.now(), ""
    batch.save(update_fields=["status", "undone_at", "error"])
    return len(rows)
