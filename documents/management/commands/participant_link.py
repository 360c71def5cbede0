from django.core.management.base import BaseCommand, CommandError

from documents.links import participant_url
from documents.models import ParticipantFile
from mobility.models import Mobility


class Command(BaseCommand):
    help = "Print the link to a participant's own page (for support), by their email address."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The participant's email address.")

    def handle(self, *args, email: str, **options):
        mobilities = Mobility.objects.filter(email__iexact=email.strip()).order_by("-planned_start")
        if not mobilities:
            raise CommandError(f"No mobility has the address {email}.")
        for mobility in mobilities:
            file = ParticipantFile.objects.filter(mobility=mobility).first()
            language = file.language if file else "en"
            self.stdout.write(f"{mobility}: {participant_url(mobility, language=language)}")
