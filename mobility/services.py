"""Writes on mobilities, exchange offers and the interest registrations for offers."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseModelFormSet, ModelForm
from django.utils.translation import gettext as _

from partners import services as partner_services
from partners.models import Institution
from partners.services import delete_unless_used, save_atomically

from .grants import recalculate_grant, recalculate_grants
from .milestones import sync_mobility_milestones
from .models import ExchangeOffer, InterestRegistration, Mobility


def save_mobility(*, form: ModelForm, by: AbstractBaseUser) -> Mobility:
    """Create or update a mobility, then recalculate its grant and move its milestones to
    its (new) dates, all in one transaction."""

    def save() -> Mobility:
        mobility = form.save(commit=False)
        mobility.save()
        recalculate_grant(mobility=mobility)
        sync_mobility_milestones(mobility=mobility)
        return mobility

    return save_atomically(form=form, save=save)


# What a grant reads of an institution: where it is, and whether it is ours.
GRANT_INPUTS = ("latitude", "longitude", "country", "is_home")


def save_institution(
    *, form: ModelForm, contacts: BaseModelFormSet, units: BaseModelFormSet, by: AbstractBaseUser
) -> Institution:
    """Save an institution (partners.services.save_institution); when what a grant reads of
    it changed, recalculate the grants of its mobilities (of every mobility if it is, or was,
    our own institution), cancelled ones aside. All in one transaction."""
    moved = any(name in form.changed_data for name in GRANT_INPUTS)
    with transaction.atomic():
        institution = partner_services.save_institution(
            form=form, contacts=contacts, units=units, by=by
        )
        if moved:
            mobilities = Mobility.objects.exclude(status=Mobility.Status.CANCELLED)
            if not (institution.is_home or "is_home" in form.changed_data):
                mobilities = mobilities.filter(partner=institution)
            recalculate_grants(mobilities=mobilities)
    return institution


def delete_mobility(*, mobility: Mobility, by: AbstractBaseUser) -> None:
    """Delete a mobility with its milestones."""
    delete_unless_used(obj=mobility)


def save_offer(*, form: ModelForm, by: AbstractBaseUser) -> ExchangeOffer:
    """Create or update an exchange offer."""
    return save_atomically(form=form, save=form.save)


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
