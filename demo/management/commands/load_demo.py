from django.core.management.base import BaseCommand
from django.utils import timezone

from demo.agreements import NOMINATED_TO, demo_partner_link
from demo.applications import demo_applicant_link
from demo.seed import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (the seed projects, partners, offers, deadlines) and demo logins: "
        "creates what is missing and keeps what someone changed, unless --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Restore every demo row to the demo's values (changes made to them are lost).",
        )

    def handle(self, *args, reset: bool = False, **options):
        report = load_demo(today=timezone.localdate(), reset=reset)
        counts = {state: sum(report[state].values()) for state in ("created", "updated", "kept")}
        if reset:
            message = (
                "Demo data restored: {created} rows created, {updated} restored, {kept} unchanged."
            )
        else:
            message = (
                "Demo data loaded: {created} rows created, {kept} kept as they are "
                "(load_demo --reset restores them)."
            )
        self.stdout.write(self.style.SUCCESS(message.format(**counts)))
        self.stdout.write("Demo logins:")
        for login in report["logins"]:
            if login["password"] is None:
                self.stdout.write(
                    f"{login['label']}: {login['username']} (password changed, not reset)"
                )
            else:
                self.stdout.write(f"{login['label']}: {login['username']} / {login['password']}")
        self.stdout.write(
            "A spreadsheet to try Workspace > Office > Import with: "
            "demo/files/partners-example.csv (partner institutions)."
        )
        self.stdout.write(f"A partner contact's pages (Havana): {demo_partner_link()}")
        if nominated_link := demo_partner_link(NOMINATED_TO):
            self.stdout.write(
                f"A partner contact with our participant to accept (UC Irvine): {nominated_link}"
            )
        if report.get("participant_link"):
            self.stdout.write(
                "A participant's page (report done, money to recover): "
                f"{report['participant_link']}"
            )
        if applicant_link := demo_applicant_link():
            self.stdout.write(f"An applicant's pages (application under review): {applicant_link}")
