"""Write our institution and the partners as an EWP Institutions XML, as the workspace does."""

from pathlib import Path

from django.core.management.base import BaseCommand

from mobility.exports import ewp_institutions


class Command(BaseCommand):
    help = (
        "Write the EWP Institutions response of our institution and the partners; "
        "institutions without a SCHAC code are listed as warnings."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="The file to write.")

    def handle(self, *args, **options):
        export = ewp_institutions()
        Path(options["output"]).write_bytes(export.xml)
        self.stdout.write(f"{options['output']}: {len(export.described)} institutions.")
        for warning in export.warnings:
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
