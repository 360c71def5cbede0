from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders import services


class Command(BaseCommand):
    help = "Run a reminder sweep now (and send the digests that are due)."

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
            self.stdout.write(f"{count} reminders would be sent (dry run: nothing sent).")
            return
        recorded = services.send_due_reminders(now=now)
        digests = services.send_due_digests(now=now)
        self.stdout.write(f"{recorded} reminders recorded, {digests} digests queued.")
