"""The data of a drill, written to and read from the drill's database in a process of its own.

    python -m tests.drills.world seed '{"staff": 4, "offers": 3}'   # prints the world as JSON
    python -m tests.drills.world state                               # prints what is stored

The drill's database belongs to a PostgreSQL cluster that the test process has no Django
connection to, so the test runs this module under the drill's settings (DATABASE_URL).
"""

import datetime
import json
import os
import sys

STAFF_PASSWORD = "drill-staff-password"
SECOND_PARTNER_COUNTRIES = ["CU", "ET", "US", "RU", "JP", "ZA", "BR", "IN"]


def seed(*, staff: int, offers: int) -> dict:
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from accounts.rules import STAFF_GROUP
    from mobility.models import Activity
    from tests.factories import (
        DeadlineFactory,
        ExchangeOfferFactory,
        InstitutionFactory,
        MobilityGrantFactory,
        ProjectFactory,
        ProjectPartnerFactory,
        UserFactory,
    )

    today = timezone.localdate()
    world = {"staff": [], "offers": []}
    with transaction.atomic():
        group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
        for number in range(staff):
            user = UserFactory(
                username=f"drill-staff-{number}",
                password=STAFF_PASSWORD,
            )
            user.groups.add(group)
            project = ProjectFactory(
                title=f"Drill project {number} round 0", slug=f"drill-project-{number}"
            )
            partner = InstitutionFactory(name=f"Drill partner {number}")
            spare = InstitutionFactory(
                name=f"Drill spare partner {number}",
                country=SECOND_PARTNER_COUNTRIES[number % len(SECOND_PARTNER_COUNTRIES)],
            )
            ProjectPartnerFactory(project=project, institution=partner)
            MobilityGrantFactory(
                project=project, partner=partner, activity=Activity.TEACHING, mobilities_planned=1
            )
            DeadlineFactory(
                project=project,
                title=f"Drill report {number} round 0",
                due_date=today + datetime.timedelta(days=90),
            )
            world["staff"].append(
                {
                    "username": user.username,
                    "password": STAFF_PASSWORD,
                    "project": project.pk,
                    "partner": partner.pk,
                    "spare_partner": spare.pk,
                }
            )
        for number in range(offers):
            partner = InstitutionFactory(
                name=f"Drill host {number}",
                country=SECOND_PARTNER_COUNTRIES[number % len(SECOND_PARTNER_COUNTRIES)],
            )
            link = ProjectPartnerFactory(
                institution=partner,
                project__title=f"Drill exchange {number}",
                project__slug=f"drill-exchange-{number}",
            )
            offer = ExchangeOfferFactory(
                project=link.project,
                partner=partner,
                slug=f"drill-offer-{number}",
                title=f"Research stay {number} at {partner.name}",
                places=1000,
                application_deadline=today + datetime.timedelta(days=60),
            )
            world["offers"].append(offer.slug)
    return world


def state() -> dict:
    from mobility.models import InterestRegistration
    from ops.models import Heartbeat
    from outbox.models import OutgoingEmail
    from projects.models import Project

    projects = {}
    for project in Project.objects.filter(slug__startswith="drill-project-").prefetch_related(
        "project_partners", "grant_lines", "deadlines"
    ):
        projects[str(project.pk)] = {
            "version": project.version,
            "title": project.title,
            "partners": sorted(link.institution_id for link in project.project_partners.all()),
            "grant_lines": sorted(
                [line.partner_id, line.activity, line.mobilities_planned]
                for line in project.grant_lines.all()
            ),
            "deadlines": sorted(
                deadline.title
                for deadline in project.deadlines.all()
                if deadline.title.startswith("Drill report")
            ),
        }
    return {
        "projects": projects,
        "registrations": list(
            InterestRegistration.objects.order_by("pk").values_list("email", "offer__slug")
        ),
        "emails": list(
            OutgoingEmail.objects.order_by("pk").values_list("pk", "to", "status", "attempts")
        ),
        "heartbeats": {beat.name: beat.beat_at.timestamp() for beat in Heartbeat.objects.all()},
    }


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.drills.settings")
    django.setup()
    command = argv[1]
    if command == "seed":
        result = seed(**json.loads(argv[2]))
    elif command == "state":
        result = state()
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
