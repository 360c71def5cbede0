"""Write a project's Beneficiary Module file, as the workspace's EU report downloads it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mobility.exports import BM_FORMATS, project_report
from mobility.exports.beneficiary_module import problem_lines
from projects.models import Project


class Command(BaseCommand):
    help = (
        "Write the Beneficiary Module file of a project (CSV, XLSX or EWP XML). The file is "
        "written in any case; with problems, the validation report is printed and the exit "
        "status is 1."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--project", required=True, help="The project's grant agreement number."
        )
        parser.add_argument("--format", choices=sorted(BM_FORMATS), required=True)
        parser.add_argument("--output", required=True, type=Path, help="The file to write.")

    def handle(self, *args, **options):
        number = options["project"]
        project = Project.objects.filter(grant_agreement_number=number).first()
        if project is None:
            raise CommandError(f'No project has the grant agreement number "{number}".')
        report = project_report(project)
        Path(options["output"]).write_bytes(BM_FORMATS[options["format"]](report))
        self.stdout.write(
            f"{options['output']}: {len(report.mobilities)} mobilities of {project.title}."
        )
        if report.problems:
            for line in problem_lines(report.problems):
                self.stderr.write(line)
            raise CommandError(
                f"{len(report.problems)} problems to fix before importing.", returncode=1
            )
