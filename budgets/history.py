"""Changes to money over time, read from the django-simple-history records.

The records of each object are compared one with the next, so a page needs one query per
history table however many changes there are.
"""

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.utils.translation import gettext as _

from mobility.models import IndividualSupportRate, Mobility, RateTable, TravelBand
from mobility.rates import RATE_TABLE_RULES

KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True)
class Change:
    label: str
    old: object
    new: object


@dataclass(frozen=True)
class Entry:
    when: datetime.datetime
    who: object
    subject: str
    kind: str
    changes: list[Change]


def _display(record, name):
    value = getattr(record, name)
    if name == "host_countries":
        return ", ".join(country.code for country in value) or _("any host")
    display = getattr(record, f"get_{name}_display", None)
    return display() if display else value


def entries(records, *, fields: list[str], subject) -> list[Entry]:
    """One entry per record that created, deleted or changed one of the fields; newest first."""
    found = []
    ordered = sorted(
        records, key=lambda record: (record.id, record.history_date, record.history_id)
    )
    for _object_id, group in groupby(ordered, key=lambda record: record.id):
        previous = None
        for record in group:
            changes = [
                Change(str(field.verbose_name), _display(previous, name), _display(record, name))
                for name in fields
                for field in [type(record)._meta.get_field(name)]
                if previous is not None
                and getattr(previous, field.attname) != getattr(record, field.attname)
            ]
            # A change without an earlier record (history started later) is shown as such.
            if record.history_type != "~" or changes or previous is None:
                found.append(
                    Entry(
                        when=record.history_date,
                        who=record.history_user,
                        subject=subject(record),
                        kind=str(KINDS[record.history_type]),
                        changes=changes,
                    )
                )
            previous = record
    return sorted(found, key=lambda entry: entry.when, reverse=True)


RATE_FIELDS = ["category", "direction", "host_countries", "amount", "later_days_amount"]
BAND_FIELDS = ["min_km", "amount", "green_amount"]


def rate_table_history(table: RateTable) -> list[Entry]:
    """Every change to the table, its individual rates and its travel bands (three queries)."""
    return sorted(
        entries(
            RateTable.history.filter(id=table.pk).select_related("history_user"),
            fields=RATE_TABLE_RULES,
            subject=lambda record: _("Rate table"),
        )
        + entries(
            IndividualSupportRate.history.filter(rate_table_id=table.pk).select_related(
                "history_user"
            ),
            fields=RATE_FIELDS,
            subject=lambda record: (
                _("%(category)s, %(direction)s")
                % {
                    "category": record.get_category_display(),
                    "direction": record.get_direction_display(),
                }
            ),
        )
        + entries(
            TravelBand.history.filter(rate_table_id=table.pk).select_related("history_user"),
            fields=BAND_FIELDS,
            subject=lambda record: _("Travel band from %(km)s km") % {"km": record.min_km},
        ),
        key=lambda entry: entry.when,
        reverse=True,
    )


GRANT_FIELDS = [
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "partner",
    "activity",
    "direction",
    "travel_days",
    "green_travel",
    "fewer_opportunities",
    "zero_grant",
    "band_override_km",
    "band_override_justification",
    "distance_band",
    "individual_support",
    "travel_support",
    "organisational_support",
]


def mobility_grant_history(mobility: Mobility) -> list[Entry]:
    """The changes that move a mobility's grant: dates, partner, flags, band and amounts."""
    return entries(
        mobility.history.select_related("history_user", "partner"),
        fields=GRANT_FIELDS,
        subject=lambda record: _("Mobility"),
    )
