from celery import shared_task
from celery.contrib.django.task import DjangoTask
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

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


class _WorkerStep(DjangoTask):
    """A confirmation or an undo the worker does for a big import, in one transaction and in
    the language of the staff member who started it. Acknowledged late: a worker that dies
    midway leaves the import as it was, and the task runs again on the next worker; run
    again after it finished, it finds nothing to do. One that runs out of time, or whose
    last attempt failed (its retries spent), gives the import back with the reason instead
    of leaving it running for ever: its transaction was rolled back."""

    abstract = True
    running = ""  # the import's status while the worker has it
    out_of_time = ""
    failed = ""

    def work(self, *, batch_id: int, by) -> None:
        raise NotImplementedError

    def give_back(self, *, batch_id: int, reason: str) -> None:
        raise NotImplementedError

    def run_step(self, batch_id: int, user_id: int | None, language: str) -> None:
        if not ImportBatch.objects.filter(pk=batch_id, status=self.running).exists():
            return
        by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        with translation.override(language or settings.LANGUAGE_CODE):
            try:
                self.work(batch_id=batch_id, by=by)
            except SoftTimeLimitExceeded:
                self.give_back(batch_id=batch_id, reason=str(self.out_of_time))

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        batch_id = args[0] if args else kwargs["batch_id"]
        with translation.override(kwargs.get("language") or settings.LANGUAGE_CODE):
            self.give_back(batch_id=batch_id, reason=str(self.failed))


class _Confirmation(_WorkerStep):
    abstract = True
    running = ImportBatch.Status.CONFIRMING
    out_of_time = _("The import took too long and was stopped; nothing was imported.")
    failed = _("The import stopped with an error; nothing was imported.")

    def work(self, *, batch_id: int, by) -> None:
        confirm_in_worker(batch_id=batch_id, by=by)

    def give_back(self, *, batch_id: int, reason: str) -> None:
        give_back_confirmation(batch_id=batch_id, reason=reason)


class _Undo(_WorkerStep):
    abstract = True
    running = ImportBatch.Status.UNDOING
    out_of_time = _("The undo took too long and was stopped; nothing was undone.")
    failed = _("The undo stopped with an error; nothing was undone.")

    def work(self, *, batch_id: int, by) -> None:
        undo_in_worker(batch_id=batch_id, by=by)

    def give_back(self, *, batch_id: int, reason: str) -> None:
        give_back_undo(batch_id=batch_id, reason=reason)


WORKER_STEP = {
    "bind": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 3,
    "soft_time_limit": SECONDS_ALLOWED,
    "time_limit": SECONDS_ALLOWED + 60,
}


@shared_task(base=_Confirmation, name="imports.confirm", **WORKER_STEP)
def confirm_import(self, batch_id: int, user_id: int | None, language: str = "") -> None:
    """Write a big import in one transaction (see _WorkerStep)."""
    self.run_step(batch_id, user_id, language)


@shared_task(base=_Undo, name="imports.undo", **WORKER_STEP)
def undo_import(self, batch_id: int, user_id: int | None, language: str = "") -> None:
    """Undo a big import in one transaction (see _WorkerStep)."""
    self.run_step(batch_id, user_id, language)
