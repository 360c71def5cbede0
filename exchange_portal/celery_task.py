"""The base class of every task: Celery's Django task, with a delay_on_commit that outlives
a broker outage."""

import logging
from functools import partial

from celery.contrib.django.task import DjangoTask
from django.db import transaction

logger = logging.getLogger(__name__)


class PortalTask(DjangoTask):
    def delay_on_commit(self, *args, **kwargs) -> None:
        """Queue the task once the transaction commits; nothing for a rolled-back write.

        The write has committed by the time the task is published, so a broker that cannot
        be reached (publishing gives up within a second, CELERY_TASK_PUBLISH_RETRY_POLICY)
        must not turn the request into an error: the failure is logged and the work is left
        to its catch-up, the outbox's periodic requeue for an email.
        """
        transaction.on_commit(partial(self.delay_or_log, *args, **kwargs))

    def delay_or_log(self, *args, **kwargs) -> None:
        try:
            self.delay(*args, **kwargs)
        except Exception:  # noqa: BLE001 - any broker failure; the caller's write stands
            logger.warning("Could not reach the broker to queue %s", self.name)
