"""A deterministic large office: 1,000 projects, 500 partners, 10,000 offers, 100,000
mobilities (20,000 with their participant page), 100,000 deadlines and 20,000 interest
registrations, by bulk inserts.

Run through `python manage.py shell -c "from bench.seed import seed; seed()"` or `make bench`.
"""

import datetime
import random
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.rules import STAFF_GROUP
from documents.models import ParticipantFile
from mobility.models import (
    Activity,
    Direction,
    ExchangeOffer,
    InterestRegistration,
    Level,
    Mobility,
    MobilityGrant,
)
from mobility.rates import seed_rates
from partners.models import Institution, OrganisationalUnit
from projects.models import Call, Deadline, Person, Project, ProjectPartner

BATCH = 5_000
COUNTRIES = ["JP", "CU", "RU", "ET", "US", "ID", "ZA", "CN", "AM", "NG", "CO", "IL", "LB", "MA"]
STAFF_USERNAME = "bench-staff"
STAFF_PASSWORD = "bench-staff-password"  # noqa: S105 - a throwaway benchmark account


def _bulk(model, rows):
    model.objects.bulk_create(rows, batch_size=BATCH)


def _participant_files(n_mobilities: int) -> list[ParticipantFile]:
    """Every fifth participant has their page: a tenth of those never got the link, the
    others have handed in nothing, the signed grant agreement, also the certificate, or
    everything and were confirmed by staff (what the participant reminder sweep reads)."""
    now = timezone.now()
    files = []
    mobilities = Mobility.objects.order_by("pk").values_list("pk", "planned_start", "planned_end")
    for i, (pk, start, end) in enumerate(mobilities[:n_mobilities:5]):
        stage = i % 4
        files.append(
            ParticipantFile(
                mobility_id=pk,
                language=["en", "nl"][i % 2],
                link_sent_at=None if i % 10 == 9 else now,
                signed_agreement="participants/agreements/bench.pdf" if stage >= 1 else "",
                signed_agreement_uploaded_at=now if stage >= 1 else None,
                certificate="participants/certificates/bench.pdf" if stage >= 2 else "",
                certificate_uploaded_at=now if stage >= 2 else None,
                reported_start=start if stage == 3 else None,
                reported_end=end if stage == 3 else None,
                report_text="A good stay." if stage == 3 else "",
                report_submitted_at=now if stage == 3 else None,
                confirmed_at=now if stage == 3 else None,
            )
        )
    return files


def seed(*, scale: float = 1.0, today: datetime.date | None = None) -> dict[str, float]:
    """Fill an empty database; returns the row counts and the seconds it took."""
    started = time.perf_counter()
    rng = random.Random(20261121)  # noqa: S311 - deterministic test data, not security
    today = today or datetime.date.today()
    n_projects, n_partners = int(1_000 * scale), int(500 * scale)
    n_offers, n_mobilities = int(10_000 * scale), int(100_000 * scale)
    n_deadlines, n_registrations = int(100_000 * scale), int(20_000 * scale)

    with transaction.atomic():
        # The EU's rates (a migration seeds them; a flushed test database has none): the
        # offer page works out its grant from them.
        seed_rates()
        home = Institution.objects.create(
            name="Home University",
            country="NL",
            city="Leiden",
            latitude=Decimal("52.15720"),
            longitude=Decimal("4.48540"),
            is_home=True,
        )
        units = [OrganisationalUnit(institution=home, name=f"Institute {i}") for i in range(20)]
        _bulk(OrganisationalUnit, units)
        units = list(OrganisationalUnit.objects.all())
        partners = [
            Institution(
                name=f"Partner University {i:04d}",
                country=COUNTRIES[i % len(COUNTRIES)],
                city=f"City {i}",
                latitude=Decimal(rng.uniform(-60, 70)).quantize(Decimal("0.00001")),
                longitude=Decimal(rng.uniform(-179, 179)).quantize(Decimal("0.00001")),
                pic=f"{900000000 + i}",
                oid=f"E{10000000 + i}",
            )
            for i in range(n_partners)
        ]
        _bulk(Institution, partners)
        partners = list(Institution.objects.filter(is_home=False).order_by("pk"))
        calls = [
            Call.objects.get_or_create(
                year=year,
                action="KA107" if year <= 2020 else "KA171",
                defaults={"deadline": datetime.datetime(year, 2, 5, 11, tzinfo=datetime.UTC)},
            )[0]
            for year in range(2015, 2027)
        ]
        people = [
            Person(
                first_name="Coordinator",
                last_name=f"{i:04d}",
                email=f"coordinator{i}@bench.example",
            )
            for i in range(n_projects // 2)
        ]
        _bulk(Person, people)
        people = list(Person.objects.order_by("pk"))

        projects = []
        for i in range(n_projects):
            call = calls[i % len(calls)]
            start = datetime.date(call.year, 8, 1)
            projects.append(
                Project(
                    call=call,
                    title=f"Exchange project {i:04d}",
                    slug=f"bench-project-{i:04d}",
                    home_unit=units[i % len(units)],
                    lead_coordinator=people[i % len(people)],
                    status=["running", "closed", "awarded", "submitted"][i % 4],
                    start_date=start,
                    end_date=start.replace(year=start.year + 3) - datetime.timedelta(days=1),
                    summary=f"Research and teaching exchange number {i} in medicine and astronomy.",
                    awarded_budget=Decimal(50_000 + 100 * (i % 300)),
                )
            )
        _bulk(Project, projects)
        projects = list(Project.objects.order_by("pk"))
        _bulk(
            ProjectPartner,
            [
                ProjectPartner(project=p, institution=partners[i % len(partners)])
                for i, p in enumerate(projects)
            ],
        )
        _bulk(
            MobilityGrant,
            [
                MobilityGrant(
                    project=p,
                    partner=partners[i % len(partners)],
                    activity=activity,
                    direction=direction,
                    mobilities_planned=5,
                    duration_days=days,
                    amount_awarded=Decimal(20_000),
                )
                for i, p in enumerate(projects)
                for activity, direction, days in (
                    (Activity.TEACHING, Direction.OUTGOING, 5),
                    (Activity.STUDY, Direction.INCOMING, 150),
                )
            ],
        )

        mobilities = []
        for i in range(n_mobilities):
            project_index = i % len(projects)
            project = projects[project_index]
            staff = i % 2 == 0
            start = project.start_date + datetime.timedelta(days=30 + i % 600)
            mobilities.append(
                Mobility(
                    project=project,
                    partner=partners[project_index % len(partners)],
                    activity=Activity.TEACHING if staff else Activity.STUDY,
                    direction=Direction.OUTGOING if staff else Direction.INCOMING,
                    status=["nominated", "approved", "completed"][i % 3],
                    first_name="Participant",
                    last_name=f"{i:06d}",
                    email=f"p{i}@bench.example",
                    level=Level.STAFF if staff else Level.MASTER,
                    planned_start=start,
                    planned_end=start + datetime.timedelta(days=4 if staff else 149),
                    travel_days=2 if staff else 0,
                )
            )
        _bulk(Mobility, mobilities)
        del mobilities
        _bulk(ParticipantFile, _participant_files(n_mobilities))

        deadlines = [
            Deadline(
                project=projects[i % len(projects)],
                kind=Deadline.Kind.CUSTOM,
                title=f"Deadline {i:06d}",
                due_date=today + datetime.timedelta(days=(i % 120) - 40),
            )
            for i in range(n_deadlines)
        ]
        _bulk(Deadline, deadlines)
        through = Deadline.responsible.through
        _bulk(
            through,
            [
                through(deadline_id=d_id, person_id=p_id)
                for d_id, p_id in Deadline.objects.values_list("pk", "project__lead_coordinator_id")
            ],
        )

        offers = [
            ExchangeOffer(
                project=projects[i % len(projects)],
                partner=partners[(i % len(projects)) % len(partners)],
                slug=f"bench-offer-{i:05d}",
                title=f"Research stay {i:05d}",
                description=f"Research stay {i} in immunology, astronomy or drug discovery.",
                activity=Activity.STUDY,
                level=[Level.BACHELOR, Level.MASTER, Level.DOCTORAL][i % 3],
                places=3,
                duration_days=90,
                period_start=today + datetime.timedelta(days=60),
                period_end=today + datetime.timedelta(days=240),
                application_deadline=today + datetime.timedelta(days=(i % 90) - 10),
                is_published=i % 10 != 0,
            )
            for i in range(n_offers)
        ]
        _bulk(ExchangeOffer, offers)  # PostgreSQL works out their search documents
        offer_ids = list(ExchangeOffer.objects.order_by("pk").values_list("pk", flat=True))
        _bulk(
            InterestRegistration,
            [
                InterestRegistration(
                    offer_id=offer_ids[i % len(offer_ids)],
                    name=f"Student {i}",
                    email=f"student{i}@bench.example",
                    study_programme="Biomedical Sciences",
                    level=Level.MASTER,
                    motivation="I would like to join this research stay.",
                )
                for i in range(n_registrations)
            ],
        )

        user_model = get_user_model()
        staff = user_model.objects.create_superuser(
            STAFF_USERNAME, "bench-staff@bench.example", STAFF_PASSWORD
        )
        staff.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])

    return {
        "projects": n_projects,
        "partners": n_partners,
        "offers": n_offers,
        "mobilities": n_mobilities,
        "deadlines": n_deadlines,
        "registrations": n_registrations,
        "participant files": n_mobilities // 5,
        "seconds": round(time.perf_counter() - started, 1),
    }
