"""The Celery application: configuration from Django settings (CELERY_*), tasks autodiscovered."""

import os

from celery import Celery

from .broker import survive_broker_restarts

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange_portal.settings.local")

# Every task has delay_on_commit(), so nothing is sent for a rolled-back write, and a broker
# outage after the commit is logged, not raised (exchange_portal.celery_task).
app = Celery("exchange_portal", task_cls="exchange_portal.celery_task:PortalTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
survive_broker_restarts()
