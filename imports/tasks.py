from celery import shared_task
from celery.contrib.django.task import DjangoTask
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .models import ImportBatch
from .services import (
    confirm_in_worker,
    give_back_confirmation,
    give_back_undo,
    preview_batch,
    undo_in_worker,
)

# About 20 ms a row (each row is checked and gets its history): writing or undoing 10,000
# rows needs more than the default limit. Redis hands out a message again after the
# visibility timeout (an hour), so the limit stays below it.
SECONDS_ALLOWED = 30 * 60


@shared_task(
    name="imports.preview",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def preview_import(batch_id: int) -> None:
    """Compute an import's preview (a file too big to preview while the page waits)."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return
    preview_batch(batch=batch)


class _GivenBackOnFailure(DjangoTask):
    """A confirmation or an undo whose last attempt failed (its retries spent) gives the
    import back with the reason, instead of leaving it running for ever; what it did was
    rolled back with its transaction."""

    abstract = True
    reason = ""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        batch_id = args[0] if args else kwargs["batch_id"]
        with translation.override(kwargs.get("language") or settings.LANGUAGE_CODE):
            self.give_back(batch_id=batch_id, reason=str(self.reason))

    def give_back(self, *, batch_id: int, reason: str) -> None:
        raise NotImplementedError


class _ConfirmTask(_GivenBackOnFailure):
    abstract = True
    reason = _lazy("The import stopped with an error; nothing was imported.")

    def give_back(self, *, batch_id: int, reason: str) -> None:
        give_back_confirmation(batch_id=batch_id, reason=reason)


class _UndoTask(_GivenBackOnFailure):
    abstract = True
    reason = _lazy("The undo stopped with an error; nothing was undone.")

    def give_back(self, *, batch_id: int, reason: str) -> None:
        give_back_undo(batch_id=batch_id, reason=reason)


def _staff_member(user_id: int | None):
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


@shared_task(
    base=_ConfirmTask,
    name="imports.confirm",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=SECONDS_ALLOWED,
    time_limit=SECONDS_ALLOWED + 60,
)
def confirm_import(batch_id: int, user_id: int | None, language: str = "") -> None:
    """Write a big import in one transaction, in the language of the staff member who
    confirmed (a refusal's reason is shown to them). Acknowledged late: a worker that dies
    midway leaves nothing written, and the task runs again on the next worker."""
    if not ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.CONFIRMING).exists():
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            confirm_in_worker(batch_id=batch_id, by=_staff_member(user_id))
        except SoftTimeLimitExceeded:
            # The transaction was rolled back: nothing is written.
            give_back_confirmation(
                batch_id=batch_id,
                reason=_("The import took too long and was stopped; nothing was imported."),
            )


@shared_task(
    base=_UndoTask,
    name="imports.undo",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=SECONDS_ALLOWED,
    time_limit=SECONDS_ALLOWED + 60,
)
def undo_import(batch_id: int, user_id: int | None, language: str = "") -> None:
    """Undo a big import in one transaction, in the language of the staff member who pressed
    Undo. Acknowledged late: a worker that dies midway leaves the import as it was, and the
    task runs again on the next worker; a task that runs again after the undo finished finds
    nothing to do."""
    if not ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.UNDOING).exists():
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            undo_in_worker(batch_id=batch_id, by=_staff_member(user_id))
        except SoftTimeLimitExceeded:
            # The transaction was rolled back: nothing is undone.
            give_back_undo(
                batch_id=batch_id,
                reason=_("The undo took too long and was stopped; nothing was undone."),
            )
