from django.core.management.base import BaseCommand, CommandError

from agreements.access import partner_url
from agreements.services import contact_for_address
from partners.models import Contact


class Command(BaseCommand):
    help = "Print a fresh access link for the partner contact with this email address (support)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The contact's email address.")
        parser.add_argument(
            "--language", default=None, help="The language of the pages: en or nl (default en)."
        )

    def handle(self, *args, email: str, language: str | None = None, **options):
        try:
            contact = contact_for_address(email)
        except Contact.DoesNotExist as error:
            raise CommandError(f"No partner contact has the address {email}.") from error
        self.stdout.write(partner_url(contact, language=language))
