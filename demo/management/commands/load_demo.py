from django.core.management.base import BaseCommand
from django.utils import timezone

from demo.seed import load_demo


class Command(BaseCommand):
    help = "Load the demo data (the seed projects, partners, offers, deadlines) and demo logins."

    def handle(self, *args, **options):
        report = load_demo(today=timezone.localdate())
        counts = {state: sum(report[state].values()) for state in ("created", "updated", "kept")}
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data loaded: {created} rows created, {updated} updated, "
                "{kept} unchanged.".format(**counts)
            )
        )
        self.stdout.write("Demo logins:")
        for login in report["logins"]:
            if login["password"] is None:
                self.stdout.write(
                    f"{login['label']}: {login['username']} (password changed, not reset)"
                )
            else:
                self.stdout.write(f"{login['label']}: {login['username']} / {login['password']}")
