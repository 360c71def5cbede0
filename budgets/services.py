"""Writes about money: rate tables and the distance band staff choose for a mobility."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mobility.distance import bands_of
from mobility.grants import recalculate_grant, recalculate_grants
from mobility.models import (
    EligibilityRule,
    IndividualSupportRate,
    Mobility,
    RateTable,
    TravelBand,
)
from partners.services import NO_ROW_CHANGES, RowChanges, store_rows


def recalculate_call_grants(*, table: RateTable) -> int:
    """Recalculate the grants of every mobility under the table's call; how many changed."""
    mobilities = Mobility.objects.filter(
        project__call__year=table.call_year, project__call__action=table.action
    ).exclude(status=Mobility.Status.CANCELLED)
    return recalculate_grants(mobilities=mobilities)


@transaction.atomic
def save_rate_table(
    *,
    table: RateTable,
    table_changed: bool = True,
    individual_rates: RowChanges = NO_ROW_CHANGES,
    travel_bands: RowChanges = NO_ROW_CHANGES,
    eligibility_rules: RowChanges = NO_ROW_CHANGES,
) -> int:
    """Store a rate table (its own fields only when `table_changed`), its rates, bands and
    eligibility rules; recalculates the call's grants and returns how many changed."""
    if table_changed:
        table.save()
    store_rows(changes=individual_rates, parent=table, parent_field="rate_table")
    store_rows(changes=travel_bands, parent=table, parent_field="rate_table")
    store_rows(changes=eligibility_rules, parent=table, parent_field="rate_table")
    return recalculate_call_grants(table=table)


@transaction.atomic
def create_rate_table(
    *, call_year: int, action: str, copy_from: RateTable | None = None
) -> RateTable:
    """A new call year's table, with the rates and bands of another table if one is given."""
    if RateTable.objects.filter(call_year=call_year, action=action).exists():
        raise ValidationError(_("This call year already has a rate table."))
    if copy_from is None:
        table = RateTable(call_year=call_year, action=action, organisational_support=0)
    else:
        table = RateTable.objects.get(pk=copy_from.pk)
        table.pk = None
        table.call_year, table.action = call_year, action
        table.notes = _("Copied from %(table)s.") % {"table": copy_from}
    table.full_clean()
    table.save()
    if copy_from is not None:
        for rate in copy_from.individual_rates.all():
            IndividualSupportRate.objects.create(
                rate_table=table,
                category=rate.category,
                direction=rate.direction,
                host_countries=rate.host_countries,
                amount=rate.amount,
                later_days_amount=rate.later_days_amount,
            )
        for band in copy_from.travel_bands.all():
            TravelBand.objects.create(
                rate_table=table,
                min_km=band.min_km,
                amount=band.amount,
                green_amount=band.green_amount,
            )
        for rule in copy_from.eligibility_rules.all():
            EligibilityRule.objects.create(
                rate_table=table,
                activity=rule.activity,
                unit=rule.unit,
                min_duration=rule.min_duration,
                max_duration=rule.max_duration,
                source=rule.source,
            )
    return table


@transaction.atomic
def set_distance_band(
    *, mobility: Mobility, band_min_km: int | None, justification: str
) -> Mobility:
    """Choose the mobility's travel band by hand (with a reason), or go back to the distance."""
    justification = justification.strip()
    if band_min_km is not None:
        if not justification:
            raise ValidationError(
                {"justification": _("Changing the distance band needs a written justification.")}
            )
        call = mobility.project.call
        bands = TravelBand.objects.filter(
            rate_table__call_year=call.year, rate_table__action=call.action
        )
        if band_min_km not in {band.min_km for band in bands_of(bands)}:
            raise ValidationError({"band": _("The call's rate table has no such band.")})
    mobility.band_override_km = band_min_km
    mobility.band_override_justification = justification if band_min_km is not None else ""
    mobility.save(update_fields=["band_override_km", "band_override_justification", "updated_at"])
    return recalculate_grant(mobility=mobility)
