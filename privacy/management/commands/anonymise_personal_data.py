from django.core.management.base import BaseCommand
from django.utils import timezone

from privacy import services


class Command(BaseCommand):
    help = (
        "Anonymise participants and registrations of projects past the retention period, "
        "with the emails sent to them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would change.")

    def handle(self, *args, dry_run, **options):
        today = timezone.localdate()
        report = services.anonymise_expired(today=today, dry_run=dry_run)
        verb = "Would anonymise" if dry_run else "Anonymised"
        cutoff = services.retention_cutoff(today=today)
        self.stdout.write(
            f"{verb} {len(report.mobilities)} mobilities and {len(report.registrations)} "
            f"interest registrations of projects that ended on or before {cutoff:%Y-%m-%d}, "
            f"and {len(report.emails)} emails sent to them."
        )
