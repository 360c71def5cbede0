"""Writes on mobilities, exchange offers and the interest registrations for offers."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseModelFormSet, ModelForm
from django.utils.translation import gettext as _

from partners.models import Institution
from partners.services import delete_unless_used, save_institution

from .grants import (
    GRANT_KEPT_AS_REPORTED,
    mobilities_reading,
    recalculate_grant,
    recalculate_grants,
)
from .milestones import sync_mobility_milestones
from .models import ExchangeOffer, InterestRegistration, Mobility, VirtualActivity


@transaction.atomic
def save_mobility(*, form: ModelForm, by: AbstractBaseUser) -> Mobility:
    """Create or update a mobility, then recalculate its grant and move its milestones to
    its (new) dates, all in one transaction."""
    mobility = form.save(commit=False)
    mobility.save()
    recalculate_grant(mobility=mobility)
    sync_mobility_milestones(mobility=mobility)
    return mobility


# What a grant reads of an institution: where it is, and whether it is ours.
GRANT_INPUTS = ("latitude", "longitude", "country", "is_home")


def moves_grants(form: ModelForm) -> bool:
    """Whether the institution form changed something a grant reads."""
    return any(name in form.changed_data for name in GRANT_INPUTS)


@transaction.atomic
def save_institution_recalculating_grants(
    *, form: ModelForm, contacts: BaseModelFormSet, units: BaseModelFormSet, by: AbstractBaseUser
) -> Institution:
    """Save an institution (partners.services.save_institution); when what a grant reads of
    it changed, recalculate the grants of the mobilities still open that read it. Completed
    mobilities and those of closed projects keep their reported grant: staff choose which to
    recalculate (recalculate_reported_grants)."""
    institution = save_institution(form=form, contacts=contacts, units=units, by=by)
    if moves_grants(form):
        mobilities = mobilities_reading(
            institution, every_one="is_home" in form.changed_data
        ).exclude(GRANT_KEPT_AS_REPORTED)
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


def save_offer(*, form: ModelForm, by: AbstractBaseUser) -> ExchangeOffer:
    """Create or update an exchange offer."""
    return form.save()


def delete_offer(*, offer: ExchangeOffer, by: AbstractBaseUser) -> None:
    """Delete an offer with the interest registrations for it."""
    delete_unless_used(obj=offer)


def set_registration_status(
    *, registration: InterestRegistration, status: str, by: AbstractBaseUser
) -> InterestRegistration:
    """Move an interest registration to another status (new, contacted, nominated, declined)."""
    if status not in InterestRegistration.Status.values:
        raise ValidationError({"status": _("Choose one of the listed statuses.")})
    registration.status = status
    registration.save(update_fields=["status", "updated_at"])
    return registration


def save_virtual_activity(*, form: ModelForm, by: AbstractBaseUser) -> VirtualActivity:
    """Create or update a virtual activity of a project."""
    return form.save()


def delete_virtual_activity(*, virtual_activity: VirtualActivity, by: AbstractBaseUser) -> None:
    """Delete a virtual activity."""
    delete_unless_used(obj=virtual_activity)
