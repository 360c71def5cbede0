"""Writes on mobilities, exchange offers and the interest registrations for offers."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from partners.models import Institution
from partners.services import NO_ROW_CHANGES, RowChanges, delete_unless_used, save_institution

from .grants import (
    GRANT_KEPT_AS_REPORTED,
    mobilities_reading,
    recalculate_grant,
    recalculate_grants,
)
from .milestones import sync_mobility_milestones
from .models import ExchangeOffer, Mobility, VirtualActivity


@transaction.atomic
def save_mobility(*, mobility: Mobility, by: AbstractBaseUser) -> Mobility:
    """Create or update a mobility, then recalculate its grant and move its milestones to
    its (new) dates, all in one transaction."""
    mobility.save()
    recalculate_grant(mobility=mobility)
    sync_mobility_milestones(mobility=mobility)
    return mobility


# What a grant reads of an institution: where it is, and whether it is ours.
GRANT_INPUTS = ("latitude", "longitude", "country", "is_home")


def grant_inputs_changed(*, institution: Institution) -> set[str]:
    """Which of what a grant reads the unsaved institution changes against the stored one
    (against a blank institution when it is new)."""
    stored = Institution.objects.filter(pk=institution.pk).first() if institution.pk else None
    stored = stored or Institution()
    return {name for name in GRANT_INPUTS if getattr(stored, name) != getattr(institution, name)}


@transaction.atomic
def save_institution_recalculating_grants(
    *,
    institution: Institution,
    contacts: RowChanges = NO_ROW_CHANGES,
    units: RowChanges = NO_ROW_CHANGES,
    by: AbstractBaseUser,
) -> Institution:
    """Save an institution (partners.services.save_institution); when what a grant reads of
    it changed, recalculate the grants of the mobilities still open that read it. Completed
    mobilities and those of closed projects keep their reported grant: staff choose which to
    recalculate (recalculate_reported_grants)."""
    changed = grant_inputs_changed(institution=institution)
    institution = save_institution(institution=institution, contacts=contacts, units=units, by=by)
    if changed:
        mobilities = mobilities_reading(institution, every_one="is_home" in changed).exclude(
            GRANT_KEPT_AS_REPORTED
        )
        recalculate_grants(mobilities=mobilities)
    return institution


@transaction.atomic
def recalculate_reported_grants(
    *, institution: Institution, mobility_ids: Iterable[int], by: AbstractBaseUser
) -> int:
    """Recalculate the chosen completed (or closed-project) mobilities that read the
    institution, after staff saw the old and new amounts; returns how many changed."""
    mobilities = mobilities_reading(institution).filter(
        GRANT_KEPT_AS_REPORTED, pk__in=list(mobility_ids)
    )
    return recalculate_grants(mobilities=mobilities)


def delete_mobility(*, mobility: Mobility, by: AbstractBaseUser) -> None:
    """Delete a mobility with its milestones."""
    delete_unless_used(obj=mobility)


def save_offer(*, offer: ExchangeOffer, by: AbstractBaseUser) -> ExchangeOffer:
    """Create or update an exchange offer."""
    offer.save()
    return offer


def delete_offer(*, offer: ExchangeOffer, by: AbstractBaseUser) -> None:
    """Delete an offer with the interest registrations for it."""
    delete_unless_used(obj=offer)


def save_virtual_activity(
    *, virtual_activity: VirtualActivity, by: AbstractBaseUser
) -> VirtualActivity:
    """Create or update a virtual activity of a project."""
    virtual_activity.save()
    return virtual_activity


def delete_virtual_activity(*, virtual_activity: VirtualActivity, by: AbstractBaseUser) -> None:
    """Delete a virtual activity."""
    delete_unless_used(obj=virtual_activity)
