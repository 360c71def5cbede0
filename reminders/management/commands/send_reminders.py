from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders import participants, services


class Command(BaseCommand):
    help = "Run a reminder sweep now (deadlines and participants; and the digests that are due)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent; send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        if dry_run:
            count = 0
            for reminder in services.due_reminders(today=timezone.localdate(now)):
                count += 1
                deadline = reminder.deadline
                self.stdout.write(
                    f"{reminder.person.email}\t{deadline.project.title}\t{deadline.title}\t"
                    f"due {deadline.due_date:%Y-%m-%d} ({reminder.days_left:+d} days)\t"
                    f"step {reminder.days_before:+d}\t{reminder.delivery}\t{reminder.language}"
                )
            count += self._print_participant_reminders(now)
            self.stdout.write(f"{count} reminders would be sent (dry run: nothing sent).")
            return
        recorded = services.send_due_reminders(now=now)
        recorded += participants.send_due_participant_reminders(now=now)
        digests = services.send_due_digests(now=now)
        self.stdout.write(f"{recorded} reminders recorded, {digests} digests queued.")

    def _print_participant_reminders(self, now) -> int:
        today = timezone.localdate(now)
        count = 0
        for file in participants.files_to_remind(today=today):
            for reminder in participants.due_for_file(file, today=today):
                count += 1
                mobility = file.mobility
                self.stdout.write(
                    f"{mobility.email}\t{mobility.project.title}\t{reminder.task}\t"
                    f"due {reminder.due_date:%Y-%m-%d} "
                    f"({(reminder.due_date - today).days:+d} days)\t"
                    f"step {reminder.days_before:+d}\tparticipant\t{file.language}"
                )
        return count
