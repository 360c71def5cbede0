from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from outbox.models import OutgoingEmail
from reminders.models import Reminder

from .conftest import at
from .test_participants import participant

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    with time_machine.travel(at(date(2021, 5, 30), hour=9), tick=False):
        call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_send_reminders_dry_run_prints_and_sends_nothing(deadline):
    output = run("--dry-run")

    assert output.splitlines() == [
        "maria@example.org\tNanomedicine with Havana\tInterim report\tdue 2021-06-01 "
        "(+2 days)\tstep +7\tindividual\ten",
        "1 reminders would be sent (dry run: nothing sent).",
    ]
    assert Reminder.objects.count() == 0
    assert OutgoingEmail.objects.count() == 0


def test_send_reminders_runs_a_sweep_now(deadline):
    output = run()

    assert output == "1 reminders recorded, 0 digests queued.\n"
    assert Reminder.objects.get().email == OutgoingEmail.objects.get()


def test_send_reminders_covers_participants(db):
    mobility = participant(start=date(2021, 6, 6), end=date(2021, 6, 10), last_name="Bakker")

    dry = run("--dry-run")
    output = run()

    assert dry.splitlines() == [
        "bakker@example.org\tNanomedicine with Havana\tgrant-agreement\tdue 2021-06-06 "
        "(+7 days)\tstep +7\tparticipant\ten",
        "1 reminders would be sent (dry run: nothing sent).",
    ]
    assert output == "1 reminders recorded, 0 digests queued.\n"
    assert mobility.participant_reminders.get().email.to == "bakker@example.org"
