import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

ARGS = [
    "--call-year=2020",
    "--action=KA107",
    "--activity=STA",
    "--direction=outgoing",
    "--start=2021-03-08",
    "--end=2021-03-12",
]


def _run(*args):
    out = io.StringIO()
    call_command("grant_quote", *ARGS, *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    "partner", ["Nagasaki University", "nagasaki-u.ac.jp", "999862592", "E10208764", "Nagasaki"]
)
def test_grant_quote_finds_the_partner_by_name_schac_pic_or_oid(rates, leiden, nagasaki, partner):
    result = _run(f"--partner={partner}")

    assert result["partner"] == "Nagasaki University"
    assert {key: result[key] for key in ("distance_km", "band", "total")} == {
        "distance_km": "9185.04",
        "band": "8000 km and more",
        "total": "3110.00",
    }


def test_grant_quote_prints_amounts_and_breakdown(rates, leiden, nagasaki):
    result = _run("--partner=Nagasaki University")

    assert (
        result["individual_support"],
        result["travel_support"],
        result["organisational_support"],
        result["funded_days"],
        result["travel_days"],
    ) == ("1260.00", "1500.00", "350.00", 7, 2)
    assert [line["label"] for line in result["breakdown"]] == [
        "Days 1-7",
        "Travel, 8000 km and more",
        "Organisational support (to the project)",
    ]


def test_grant_quote_students_default_to_no_travel_days(rates, leiden, havana):
    out = io.StringIO()
    call_command(
        "grant_quote",
        "--call-year=2022",
        "--action=KA171",
        "--activity=SMS",
        "--direction=incoming",
        "--partner=uh.cu",
        "--start=2022-09-01",
        "--end=2023-01-31",
        "--green",
        "--fewer-opportunities",
        stdout=out,
    )
    result = json.loads(out.getvalue())

    # 150 days: 5 x 850 + 5 x 250; 4000-7999 km has no green amount: 820.
    assert (result["travel_days"], result["individual_support"], result["travel_support"]) == (
        0,
        "5500.00",
        "820.00",
    )


def test_grant_quote_ambiguous_partner_lists_the_matches(rates, leiden, nagasaki):
    InstitutionFactory(name="Nagasaki Institute of Applied Science")

    with pytest.raises(CommandError) as raised:
        _run("--partner=nagasaki")

    assert str(raised.value) == (
        '"nagasaki" matches several institutions: Nagasaki Institute of Applied Science; '
        "Nagasaki University."
    )


def test_grant_quote_unknown_partner(rates, leiden):
    with pytest.raises(CommandError) as raised:
        _run("--partner=Atlantis University")

    assert str(raised.value) == (
        'No institution has the name, SCHAC code, PIC or OID "Atlantis University".'
    )


def test_grant_quote_missing_rate_says_which(rates, leiden, nagasaki):
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "grant_quote",
            "--call-year=2015",
            "--action=KA107",
            "--activity=SMS",
            "--direction=outgoing",
            "--partner=Nagasaki University",
            "--start=2016-03-01",
            "--end=2016-03-20",
            stdout=out,
        )

    assert str(raised.value) == (
        "The KA107 2015 rate table has no individual support rate for "
        "Students, 5 to 30 days (per day), outgoing, host country JP."
    )


def _run_with_status(*args):
    """The printed JSON and the exit status (0 when the command returns)."""
    out = io.StringIO()
    try:
        call_command("grant_quote", *args, stdout=out)
    except SystemExit as exit:
        status = exit.code
    else:
        status = 0
    return json.loads(out.getvalue()), status


def test_grant_quote_says_an_eligible_mobility_is_eligible(rates, leiden, nagasaki):
    result, status = _run_with_status(*ARGS, "--partner=Nagasaki University")

    assert (status, result["eligible"], result["problems"]) == (0, True, [])


def test_grant_quote_of_a_one_day_staff_visit_exits_1_with_its_amounts(rates, leiden, nagasaki):
    args = [*ARGS[:-1], "--end=2021-03-08", "--partner=Nagasaki University"]

    result, status = _run_with_status(*args)

    assert (status, result["eligible"]) == (1, False)
    assert result["problems"] == [
        "Duration rule of KA107 2020: Staff mobility for teaching lasts 5 to 60 days "
        "(travel days excluded); these dates count 1 calendar day."
    ]
    # 3 days x 180 + 1,500 travel + 350: what was asked, shown all the same.
    assert (result["individual_support"], result["total"]) == ("540.00", "2390.00")


@pytest.mark.parametrize(
    ("travel_days", "problem"),
    [
        ("-5", "Funded travel days cannot be negative."),
        ("400", "Travel day rule of KA107 2020: at most 2 funded travel days; 400 asked."),
    ],
)
def test_grant_quote_refuses_impossible_travel_days(rates, leiden, nagasaki, travel_days, problem):
    result, status = _run_with_status(
        *ARGS, "--partner=Nagasaki University", f"--travel-days={travel_days}"
    )

    assert (status, result["eligible"], result["problems"]) == (1, False, [problem])
    assert result["travel_days"] == int(travel_days)


def test_grant_quote_of_a_stay_from_year_1_to_9999_is_refused_without_crashing(
    rates, leiden, nagasaki
):
    result, status = _run_with_status(
        "--call-year=2020",
        "--action=KA107",
        "--activity=SMS",
        "--direction=outgoing",
        "--start=0001-01-01",
        "--end=9999-12-31",
        "--partner=Nagasaki University",
    )

    assert (status, result["eligible"]) == (1, False)
    assert result["problems"] == [
        "Duration rule of KA107 2020: Student mobility for studies lasts 3 to 12 months "
        "(30-day months); these dates count 3599640 days in 30-day months."
    ]
    # 119,988 months x 700 + 1,500 travel + 350.
    assert result["total"] == "83993450.00"


@pytest.mark.parametrize(
    ("previous", "status", "problems"),
    [
        ("7", 0, []),
        (
            "7.5",
            1,
            [
                "A student is funded for at most 12 months per study cycle: 7.5 earlier and "
                "5 now make 12.5 months."
            ],
        ),
    ],
)
def test_grant_quote_counts_earlier_months_of_the_study_cycle(
    rates, leiden, havana, previous, status, problems
):
    result, exit_status = _run_with_status(
        "--call-year=2022",
        "--action=KA171",
        "--activity=SMS",
        "--direction=incoming",
        "--partner=uh.cu",
        "--start=2022-09-01",
        "--end=2023-01-31",
        f"--previous-months={previous}",
    )

    assert (exit_status, result["problems"]) == (status, problems)
    assert result["individual_support"] == "4250.00"
