"""Print, as JSON, the Erasmus+ grant of a mobility between our institution and a partner,
and whether the call's rules allow it (exit status 1 when they do not; the amounts asked
are printed all the same)."""

import argparse
import datetime
import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from mobility.eligibility import quote_problems
from mobility.grants import quote_for_partner
from mobility.models import Activity, Direction
from mobility.rates import GrantCalculationError
from partners.models import Institution
from projects.models import Call


class Command(BaseCommand):
    help = (
        "Quote the grant of a mobility from the rate tables: distance, band, individual, travel "
        "and organisational support, total and the breakdown, as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--call-year", type=int, required=True)
        parser.add_argument("--action", choices=Call.Action.values, required=True)
        parser.add_argument("--activity", choices=Activity.values, required=True)
        parser.add_argument("--direction", choices=Direction.values, required=True)
        parser.add_argument(
            "--partner", required=True, help="Name, SCHAC code, PIC or OID of the partner."
        )
        parser.add_argument("--start", type=_date, required=True, help="First activity day.")
        parser.add_argument("--end", type=_date, required=True, help="Last activity day.")
        parser.add_argument(
            "--travel-days", type=int, help="Funded travel days (default: 2 staff, 0 students)."
        )
        parser.add_argument("--green", action="store_true", help="Green travel.")
        parser.add_argument("--fewer-opportunities", action="store_true")
        parser.add_argument(
            "--previous-months",
            type=Decimal,
            default=Decimal(0),
            help="A student's earlier Erasmus+ months in the same study cycle.",
        )

    def handle(self, *args, **options):
        partner = find_institution(options["partner"])
        try:
            quote = quote_for_partner(
                partner=partner,
                call_year=options["call_year"],
                action=options["action"],
                activity=options["activity"],
                direction=options["direction"],
                start=options["start"],
                end=options["end"],
                travel_days=options["travel_days"],
                green_travel=options["green"],
                fewer_opportunities=options["fewer_opportunities"],
            )
        except GrantCalculationError as error:
            raise CommandError(str(error)) from error
        problems = quote_problems(
            quote,
            green_travel=options["green"],
            previous_participation=options["previous_months"],
        )
        result = {
            "partner": partner.name,
            "eligible": not problems,
            "problems": problems,
            **quote.as_dict(),
        }
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
        if problems:
            # The JSON above is the answer; the status tells scripts it is not eligible.
            raise SystemExit(1)


def find_institution(term: str) -> Institution:
    """The one institution whose SCHAC code, PIC, OID or name is the term."""
    term = term.strip()
    by_id = Institution.objects.filter(
        Q(schac_code__iexact=term) | Q(pic=term) | Q(oid__iexact=term)
    )
    by_name = Institution.objects.filter(Q(name__iexact=term) | Q(name_local__iexact=term))
    for candidates in (by_id, by_name):
        found = list(candidates[:2])
        if len(found) == 1:
            return found[0]
    partial = list(Institution.objects.filter(name__icontains=term)[:6])
    if len(partial) == 1:
        return partial[0]
    if partial:
        names = "; ".join(institution.name for institution in partial)
        raise CommandError(f'"{term}" matches several institutions: {names}.')
    raise CommandError(f'No institution has the name, SCHAC code, PIC or OID "{term}".')


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2021-03-08.") from error
