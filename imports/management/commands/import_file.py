"""python manage.py import_file KIND FILE [--dry-run] [--project GA]: the workspace's import
from the command line, printing the preview's summary."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.kinds import KINDS, counts
from imports.models import ImportBatch
from imports.reader import FileRefused
from imports.services import confirm_batch, create_batch, preview_batch, preview_file
from projects.models import Project


class Command(BaseCommand):
    help = "Import partners, people, projects, mobilities or offers from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Preview only; write nothing.")
        parser.add_argument(
            "--project", metavar="GA", help="The project's grant agreement number (mobilities)."
        )

    def handle(self, *args, kind, file, dry_run, project, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        chosen = None
        if project:
            chosen = Project.objects.filter(grant_agreement_number=project).first()
            if chosen is None:
                raise CommandError(f"No project has the grant agreement number {project}.")
        content = path.read_bytes()
        try:
            if dry_run:
                table, results = preview_file(
                    kind=kind, filename=path.name, content=content, project=chosen
                )
                found, notes = counts(results), table.notes
                rows = [result.as_dict() for result in results]
            else:
                batch = preview_batch(
                    batch=create_batch(
                        kind=kind, filename=path.name, content=content, project=chosen
                    )
                )
                if batch.status == ImportBatch.Status.FAILED:
                    raise CommandError(batch.error)
                found = {
                    "new": batch.rows_new,
                    "changed": batch.rows_changed,
                    "unchanged": batch.rows_unchanged,
                    "refused": batch.rows_refused,
                }
                notes, rows = batch.preview["notes"], batch.preview["rows"]
        except FileRefused as refused:
            raise CommandError(str(refused)) from refused
        for note in notes:
            self.stdout.write(note)
        for row in rows:
            for column, reason in row["problems"]:
                self.stdout.write(f"line {row['number']}, {column}: {reason}")
        self.stdout.write(
            "new: {new}, changed: {changed}, unchanged: {unchanged}, refused: {refused}".format(
                **found
            )
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        written = confirm_batch(batch=batch, by=None)
        self.stdout.write(f"Import #{batch.pk}: {written} rows written.")
