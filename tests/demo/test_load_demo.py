import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from demo.seed import line_period, load_demo
from mobility.models import ExchangeOffer, Level, Mobility, MobilityGrant, VirtualActivity
from partners.models import Contact, Institution, OrganisationalUnit
from projects.models import Call, Deadline, Person, Project, ProjectPartner, SubjectArea

TODAY = datetime.date(2026, 3, 2)
DOMAIN_MODELS = (
    Institution,
    OrganisationalUnit,
    Contact,
    Call,
    SubjectArea,
    Person,
    Project,
    ProjectPartner,
    Deadline,
    MobilityGrant,
    Mobility,
    VirtualActivity,
    ExchangeOffer,
)


STUDENT_LEVELS = (Level.BACHELOR, Level.MASTER, Level.DOCTORAL)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def snapshot() -> dict[str, list]:
    """The primary keys of every table, history and auth tables included."""
    return {
        model._meta.label: sorted(model._default_manager.values_list("pk", flat=True))
        for model in apps.get_models()
    }


def deadlines_by_key() -> dict[tuple[str, str, str], tuple[int, datetime.date]]:
    return {
        (d.project.slug, d.kind, d.title): (d.pk, d.due_date)
        for d in Deadline.objects.select_related("project")
    }


@pytest.mark.django_db
def test_load_demo_creates_the_seed_projects_with_coordinators_and_partners():
    load_demo(today=TODAY)

    projects = {
        project.slug: (
            project.lead_coordinator.full_name,
            sorted(p.full_name for p in project.co_coordinators.all()),
            str(project.home_unit),
            sorted((i.name, i.country.code) for i in project.partners.all()),
        )
        for project in Project.objects.filter(
            status__in=Project.PUBLIC_STATUSES, is_illustrative=False
        )
    }
    assert projects == {
        "lumc-university-of-havana": (
            "Luis Cruz",
            [],
            "LUMC",
            [("University of Havana", "CU")],
        ),
        "lumc-siberian-state-medical-university": (
            "Maria Yazdanbakhsh",
            [],
            "LUMC",
            [("Siberian State Medical University", "RU")],
        ),
        "lumc-nagasaki-university": (
            "Maria Yazdanbakhsh",
            [],
            "LUMC",
            [("Nagasaki University", "JP")],
        ),
        "leiden-observatory-essti": (
            "Michelle Willebrands",
            [],
            "Leiden Observatory",
            [("Ethiopian Space Science and Technology Institute", "ET")],
        ),
        "isga-fukushima-university": (
            "Andrea Bartolucci",
            ["Jake Wright"],
            "ISGA",
            [("Fukushima University", "JP")],
        ),
        "lacdr-university-of-california": (
            "Willem Jespers",
            [],
            "LACDR",
            [("University of California, Irvine", "US")],
        ),
        "lumc-global-cutting-edge-immunology": (
            "Suze Kruisheer",
            [],
            "LUMC",
            [("University of Cape Town", "ZA"), ("University of Indonesia", "ID")],
        ),
    }


@pytest.mark.django_db
def test_load_demo_keeps_the_proposal_out_of_the_public_statuses():
    load_demo(today=TODAY)

    statuses = dict(Project.objects.filter(is_illustrative=False).values_list("slug", "status"))

    assert statuses == {
        "lumc-university-of-havana": "closed",
        "lumc-siberian-state-medical-university": "closed",
        "lumc-nagasaki-university": "closed",
        "lumc-global-cutting-edge-immunology": "closed",
        "leiden-observatory-essti": "closed",
        "isga-fukushima-university": "closed",
        "lacdr-university-of-california": "closed",
        "lic-university-of-cape-town": "proposal",
        # The 2023 call's idea that the office turned into a proposal (demo.ideas).
        "ka171-2023-bartolucci-university-of-indonesia": "proposal",
    }


@pytest.mark.django_db
def test_load_demo_places_running_projects_around_today_in_the_call_of_their_start():
    load_demo(today=TODAY)

    running = Project.objects.filter(status=Project.Status.RUNNING)

    assert sorted(
        running.values_list(
            "slug", "start_date", "end_date", "call__action", "call__year", "is_illustrative"
        )
    ) == [
        (slug, datetime.date(2024, 8, 1), datetime.date(2027, 7, 31), "KA171", 2024, True)
        for slug in (
            "isga-fukushima-university-follow-up",
            "lacdr-university-of-california-follow-up",
            "lumc-nagasaki-university-follow-up",
        )
    ]


@pytest.mark.django_db
def test_load_demo_round_of_the_2022_call_has_13_projects_of_that_call():
    load_demo(today=TODAY)

    projects = Project.objects.filter(call__action="KA171", call__year=2022).exclude(
        status=Project.Status.PROPOSAL
    )

    assert projects.count() == 13
    assert projects.filter(is_illustrative=False).count() == 3
    assert set(projects.values_list("start_date", "end_date")) == {
        (datetime.date(2022, 8, 1), datetime.date(2025, 7, 31))
    }
    assert sorted(projects.values_list("grant_agreement_number", flat=True))[:3] == [
        "2022-1-NL01-KA171-HED-000000231",
        "2022-1-NL01-KA171-HED-000000232",
        "2022-1-NL01-KA171-HED-000000233",
    ]


@pytest.mark.django_db
def test_load_demo_tells_the_seed_projects_as_the_seeds_do():
    load_demo(today=TODAY)

    essti = Project.objects.get(slug="leiden-observatory-essti")
    flows = {
        slug: sorted(
            MobilityGrant.objects.filter(project__slug=slug).values_list("activity", "direction")
        )
        for slug in ("isga-fukushima-university", "lumc-siberian-state-medical-university")
    }
    global_lines = MobilityGrant.objects.filter(project__slug="lumc-global-cutting-edge-immunology")

    assert (essti.lead_coordinator.full_name, essti.lead_coordinator_is_former) == (
        "Michelle Willebrands",
        True,
    )
    assert flows == {
        "isga-fukushima-university": [("STA", "incoming"), ("STT", "outgoing")],
        "lumc-siberian-state-medical-university": [("SMS", "incoming"), ("STT", "incoming")],
    }
    assert not ExchangeOffer.objects.filter(
        project__slug__startswith="isga-fukushima-university", level__in=STUDENT_LEVELS
    ).exists()
    assert list(global_lines) == []


@pytest.mark.django_db
def test_load_demo_grant_lines_are_what_grant_quote_gives():
    load_demo(today=TODAY)
    # A proposal made from an idea has nothing awarded yet (demo.ideas).
    lines = MobilityGrant.objects.filter(project__ideas__isnull=True).select_related(
        "project__call", "partner"
    )
    quoted = {}

    for line in lines:
        start, end = line_period(line.project.call.year, line.activity, line.duration_days)
        out = StringIO()
        call_command(
            "grant_quote",
            f"--call-year={line.project.call.year}",
            f"--action={line.project.call.action}",
            f"--activity={line.activity}",
            f"--direction={line.direction}",
            f"--partner={line.partner.oid or line.partner.schac_code}",
            f"--start={start}",
            f"--end={end}",
            stdout=out,
        )
        participant = Decimal(json.loads(out.getvalue())["participant_grant"])
        quoted[str(line)] = line.mobilities_planned * participant

    assert {str(line): line.amount_awarded for line in lines} == quoted
    uci = lines.get(project__slug="lacdr-university-of-california", activity="STT")
    assert (uci.mobilities_planned, uci.duration_days, uci.amount_awarded) == (
        1,
        14,
        Decimal("4272.00"),
    )


@pytest.mark.django_db
def test_load_demo_home_institution_has_its_units():
    load_demo(today=TODAY)

    home = Institution.objects.get(is_home=True)

    assert (home.name, home.erasmus_code, home.schac_code, str(home.latitude)) == (
        "Leiden University",
        "NL LEIDEN01",
        "universiteitleiden.nl",
        "52.15720",
    )
    assert sorted(home.units.values_list("name", "abbreviation")) == [
        ("Institute of Security and Global Affairs", "ISGA"),
        ("Leiden Academic Centre for Drug Research", "LACDR"),
        ("Leiden Institute for Area Studies", "LIAS"),
        ("Leiden Institute of Chemistry", "LIC"),
        ("Leiden Law School", ""),
        ("Leiden Observatory", ""),
        ("Leiden University Centre for Linguistics", "LUCL"),
        ("Leiden University Medical Center", "LUMC"),
    ]


@pytest.mark.django_db
def test_load_demo_partners_outside_europe_have_no_erasmus_code():
    load_demo(today=TODAY)

    partners = Institution.objects.filter(is_home=False)

    assert partners.count() == 15
    assert list(partners.exclude(erasmus_code="")) == []
    assert list(partners.filter(pic="", oid="")) == []


@pytest.mark.django_db
def test_load_demo_twice_changes_no_row():
    load_demo(today=TODAY)
    before = snapshot()

    report = load_demo(today=TODAY)

    assert snapshot() == before
    assert report["created"] == {}
    assert report["updated"] == {}
    assert report["kept"]["projects.Project"] == 21


@pytest.mark.django_db
def test_load_demo_reports_what_it_created_on_an_empty_database():
    report = load_demo(today=TODAY)

    assert report["created"] == {
        "auth.Group": 1,
        "auth.User": 2,
        "mobility.ExchangeOffer": 6,
        "mobility.Mobility": 8,
        "mobility.MobilityGrant": 51,
        "mobility.VirtualActivity": 1,
        "partners.Contact": 4,
        "partners.Institution": 16,
        "partners.OrganisationalUnit": 8,
        "projects.Call": 4,
        "projects.Deadline": 24,
        "projects.Person": 11,
        "projects.Project": 21,
        "projects.ProjectPartner": 22,
        "projects.SubjectArea": 18,
    }
    assert report["updated"] == {}
    assert report["kept"] == {}


@pytest.mark.django_db
def test_load_demo_places_deadlines_relative_to_today():
    load_demo(today=TODAY)

    due = {key: due_date for key, (_pk, due_date) in deadlines_by_key().items()}

    round_2022 = {key: date for key, date in due.items() if date == datetime.date(2025, 9, 29)}
    assert len(round_2022) == 13
    assert {key: date for key, date in due.items() if key not in round_2022} == {
        ("lumc-university-of-havana", "final_report", "Final report"): datetime.date(2023, 9, 29),
        ("lumc-nagasaki-university", "final_report", "Final report"): datetime.date(2023, 9, 29),
        ("lumc-siberian-state-medical-university", "final_report", "Final report"): (
            datetime.date(2021, 9, 29)
        ),
        ("lumc-global-cutting-edge-immunology", "final_report", "Final report"): (
            datetime.date(2022, 9, 29)
        ),
        ("lumc-nagasaki-university-follow-up", "final_report", "Final report"): (
            datetime.date(2027, 9, 29)
        ),
        ("isga-fukushima-university-follow-up", "final_report", "Final report"): (
            datetime.date(2027, 9, 29)
        ),
        ("lacdr-university-of-california-follow-up", "final_report", "Final report"): (
            datetime.date(2027, 9, 29)
        ),
        ("lumc-nagasaki-university-follow-up", "interim_report", "Interim report"): days(7),
        # The selection of the offer open for applications (demo.applications): reviews two
        # weeks after its deadline (days(60)), decisions two weeks later.
        (
            "lumc-nagasaki-university-follow-up",
            "review",
            "Applications reviewed: Three months of study at Nagasaki University",
        ): days(74),
        (
            "lumc-nagasaki-university-follow-up",
            "decision",
            "Selection decided: Three months of study at Nagasaki University",
        ): days(88),
        ("isga-fukushima-university-follow-up", "interim_report", "Interim report"): days(30),
        ("lacdr-university-of-california-follow-up", "interim_report", "Interim report"): days(-3),
        (
            "lacdr-university-of-california-follow-up",
            "mobility_agreement",
            "Learning agreements signed for Irvine",
        ): days(1),
        # The proposal made from an idea for the 2023 call, open for ideas (demo.ideas).
        (
            "ka171-2023-bartolucci-university-of-indonesia",
            "eoi",
            "Internal expression of interest",
        ): days(30),
        ("ka171-2023-bartolucci-university-of-indonesia", "call", "Erasmus+ call deadline"): (
            days(60)
        ),
        # The milestones of the mobility made from a selected demo application.
        (
            "lumc-nagasaki-university-follow-up",
            "mobility_agreement",
            "Learning agreement signed: Fatima El Amrani",
        ): days(119),
        (
            "lumc-nagasaki-university-follow-up",
            "participant_report",
            "Participant report: Fatima El Amrani",
        ): days(209),
        (
            "lumc-nagasaki-university-follow-up",
            "transcript",
            "Transcript of records: Fatima El Amrani",
        ): days(244),
    }


@pytest.mark.django_db
def test_load_demo_deadlines_are_open_only_for_running_projects():
    load_demo(today=TODAY)

    open_slugs = set(
        Deadline.objects.filter(done_at__isnull=True).values_list("project__slug", flat=True)
    )

    assert open_slugs == {
        "lumc-nagasaki-university-follow-up",
        "isga-fukushima-university-follow-up",
        "lacdr-university-of-california-follow-up",
        # The proposal made from an idea: its internal and EU deadlines are ahead.
        "ka171-2023-bartolucci-university-of-indonesia",
    }


@pytest.mark.django_db
def test_load_demo_makes_coordinators_responsible_for_deadlines():
    load_demo(today=TODAY)

    interim = Deadline.objects.get(
        project__slug="isga-fukushima-university-follow-up", kind=Deadline.Kind.INTERIM_REPORT
    )

    assert sorted(p.full_name for p in interim.responsible.all()) == [
        "Andrea Bartolucci",
        "Jake Wright",
    ]


@pytest.mark.django_db
def test_load_demo_on_a_later_day_keeps_the_deadlines_where_they_are():
    load_demo(today=TODAY)
    before = deadlines_by_key()

    report = load_demo(today=TODAY + datetime.timedelta(days=10))

    assert deadlines_by_key() == before
    assert report["created"] == {}
    assert report["updated"] == {}


@pytest.mark.django_db
def test_load_demo_reset_on_a_later_day_moves_relative_deadlines():
    load_demo(today=TODAY)
    before = deadlines_by_key()

    report = load_demo(today=TODAY + datetime.timedelta(days=10), reset=True)

    after = deadlines_by_key()
    assert after.keys() == before.keys()
    assert {key: pk for key, (pk, _due) in after.items()} == {
        key: pk for key, (pk, _due) in before.items()
    }
    moved = {key: (due - before[key][1]).days for key, (_pk, due) in after.items()}
    # The milestones of the mobility made from a demo application stay with its dates, and
    # so do the selection's deadlines: the demo keeps its call for applications as it is.
    assert sorted(moved.values()) == [0] * 25 + [10] * 6
    assert report["created"] == {}
    assert report["updated"]["projects.Deadline"] == 4


@pytest.mark.django_db
def test_load_demo_keeps_open_offers_in_the_catalogue():
    load_demo(today=TODAY)

    open_offers = ExchangeOffer.objects.filter(
        is_published=True, application_deadline__gte=TODAY
    ).order_by("application_deadline")

    assert list(open_offers.values_list("slug", "application_deadline")) == [
        ("six-months-research-university-of-california", days(30)),
        ("three-months-at-nagasaki-university", days(60)),
    ]
    assert ExchangeOffer.objects.filter(application_deadline__lt=TODAY).count() == 4


@pytest.mark.django_db
def test_load_demo_virtual_activity_has_95_participants():
    load_demo(today=TODAY)

    activity = VirtualActivity.objects.get()

    assert (
        activity.project.slug,
        activity.project.mobility_type,
        activity.title,
        activity.start_date,
        activity.end_date,
        activity.participants,
    ) == (
        "lumc-global-cutting-edge-immunology",
        "virtual",
        "Introduction to Cutting-edge immunology",
        datetime.date(2020, 10, 12),
        datetime.date(2020, 10, 16),
        95,
    )


@pytest.mark.django_db
def test_load_demo_rows_pass_full_clean():
    load_demo(today=TODAY)
    errors = {}

    for model in DOMAIN_MODELS:
        for obj in model._default_manager.all():
            try:
                obj.full_clean()
            except Exception as error:  # noqa: BLE001 (collect every failure, then assert)
                errors[f"{model._meta.label} {obj}"] = error

    assert errors == {}


@pytest.mark.django_db
def test_load_demo_staff_user_logs_in_and_has_iro_permissions(client):
    load_demo(today=TODAY)
    staff = get_user_model().objects.get(username="staff")

    response = client.post(
        reverse("accounts:login"), {"username": "staff", "password": "exchange-demo-staff"}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert staff.is_staff is True
    assert staff.is_superuser is False
    assert list(staff.groups.values_list("name", flat=True)) == ["International Relations Office"]
    assert staff.has_perms(
        [
            "partners.change_institution",
            "projects.add_project",
            "mobility.delete_mobility",
            "outbox.view_outgoingemail",
        ]
    )


@pytest.mark.django_db
def test_load_demo_coordinator_logs_in_and_is_maria_yazdanbakhsh(client):
    load_demo(today=TODAY)

    response = client.post(
        reverse("accounts:login"),
        {"username": "coordinator", "password": "exchange-demo-coordinator"},
    )

    coordinator = get_user_model().objects.get(username="coordinator")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)
    assert coordinator.is_staff is False
    assert coordinator.person.full_name == "Maria Yazdanbakhsh"
    assert coordinator.person.email == "maria.yazdanbakhsh@lumc.example.org"


@pytest.mark.django_db
def test_load_demo_rerun_keeps_a_changed_password():
    load_demo(today=TODAY)
    staff = get_user_model().objects.get(username="staff")
    staff.set_password("a new password of my own")
    staff.save()

    report = load_demo(today=TODAY)

    staff.refresh_from_db()
    assert staff.check_password("a new password of my own") is True
    assert report["logins"][0] == {
        "label": "Staff (International Relations Office)",
        "username": "staff",
        "password": None,
    }


@pytest.mark.django_db
def test_load_demo_command_prints_the_logins():
    out = StringIO()

    call_command("load_demo", stdout=out)

    lines = out.getvalue().splitlines()
    assert "Staff (International Relations Office): staff / exchange-demo-staff" in lines
    assert "Coordinator (Maria Yazdanbakhsh): coordinator / exchange-demo-coordinator" in lines
    assert Project.objects.count() == 22  # with the proposal made from an idea


@pytest.mark.django_db
def test_load_demo_rerun_leaves_a_deadline_marked_done():
    load_demo(today=TODAY)
    interim = Deadline.objects.get(
        project__slug="lumc-nagasaki-university-follow-up", kind=Deadline.Kind.INTERIM_REPORT
    )
    done_at = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)
    interim.mark_done(when=done_at, by=interim.project.lead_coordinator)
    interim.save()

    load_demo(today=TODAY)

    interim.refresh_from_db()
    assert interim.done_at == done_at
    assert interim.done_by.full_name == "Maria Yazdanbakhsh"


@pytest.mark.django_db
def test_load_demo_again_keeps_a_row_someone_changed():
    load_demo(today=TODAY)
    project = Project.objects.get(slug="leiden-observatory-essti")
    project.title = "Space science with Addis Ababa"
    project.save()
    project.co_coordinators.set([Person.objects.get(last_name="Kruisheer")])

    report = load_demo(today=TODAY)

    project.refresh_from_db()
    assert project.title == "Space science with Addis Ababa"
    assert [p.full_name for p in project.co_coordinators.all()] == ["Suze Kruisheer"]
    assert report["updated"] == {}
    assert report["created"] == {}


@pytest.mark.django_db
def test_load_demo_reset_restores_a_row_someone_changed():
    load_demo(today=TODAY)
    project = Project.objects.get(slug="leiden-observatory-essti")
    original_title = project.title
    project.title = "Space science with Addis Ababa"
    project.save()
    project.co_coordinators.set([Person.objects.get(last_name="Kruisheer")])

    report = load_demo(today=TODAY, reset=True)

    project.refresh_from_db()
    assert project.title == original_title
    assert list(project.co_coordinators.all()) == []
    assert report["updated"] == {"projects.Project": 1}


@pytest.mark.django_db
def test_load_demo_again_creates_a_row_someone_deleted():
    load_demo(today=TODAY)
    Deadline.objects.get(title="Learning agreements signed for Irvine").delete()

    report = load_demo(today=TODAY)

    assert Deadline.objects.filter(title="Learning agreements signed for Irvine").count() == 1
    assert report["created"] == {"projects.Deadline": 1}


@pytest.mark.django_db
def test_load_demo_again_keeps_a_partner_someone_renamed():
    load_demo(today=TODAY)
    havana = Institution.objects.get(name="University of Havana")
    havana.name = "Universidad de La Habana"
    havana.save()

    load_demo(today=TODAY)

    assert Institution.objects.filter(is_home=False).count() == 15
    assert Institution.objects.filter(name__contains="Havana").count() == 0
    havana.refresh_from_db()
    assert havana.name == "Universidad de La Habana"


@pytest.mark.django_db
def test_load_demo_command_keeps_changes_and_reset_restores_them():
    call_command("load_demo", stdout=StringIO())
    Project.objects.filter(slug="leiden-observatory-essti").update(title="Changed by hand")
    out = StringIO()

    call_command("load_demo", stdout=out)
    kept = Project.objects.get(slug="leiden-observatory-essti").title
    call_command("load_demo", "--reset", stdout=out)
    restored = Project.objects.get(slug="leiden-observatory-essti").title

    assert kept == "Changed by hand"
    assert restored != "Changed by hand"
    assert out.getvalue().splitlines()[0].startswith("Demo data loaded: 0 rows created, ")
    assert "Demo data restored: 0 rows created, 1 restored, " in out.getvalue()


@pytest.mark.django_db
def test_load_demo_prints_working_links_to_a_participant_and_an_applicant(client):
    out = StringIO()

    call_command("load_demo", stdout=out)

    lines = out.getvalue().splitlines()
    (participant,) = [line for line in lines if line.startswith("A participant's page")]
    (applicant,) = [line for line in lines if line.startswith("An applicant's pages")]
    participant_page = client.get(
        participant.split(": ", 1)[1].removeprefix("http://127.0.0.1:8000"), follow=True
    ).content.decode()
    assert "Sofia Visser" in participant_page
    applicant_page = client.get(
        applicant.split(": ", 1)[1].removeprefix("http://127.0.0.1:8000"), follow=True
    )
    assert applicant_page.status_code == 200
    assert "Julia" in applicant_page.content.decode()
