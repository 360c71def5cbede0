"""Writes on institutions, and deletion refused while other rows still need a row."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.forms import BaseModelFormSet, ModelForm
from django.utils.translation import gettext as _

from .models import Institution


@transaction.atomic
def save_institution(
    *, form: ModelForm, contacts: BaseModelFormSet, units: BaseModelFormSet, by: AbstractBaseUser
) -> Institution:
    """Create or update an institution with its contacts and units, all or nothing."""
    institution = form.save(commit=False)
    institution.save()
    form.save_m2m()
    for formset in (contacts, units):
        formset.instance = institution
        formset.save()
    return institution


def delete_unless_used(*, obj: models.Model) -> None:
    """Delete a row and what cascades from it; ValidationError if other rows still need it."""
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("%(name)s is still used by %(count)d records and was not deleted.")
            % {"name": obj, "count": len(error.protected_objects)}
        ) from error


def delete_institution(*, institution: Institution, by: AbstractBaseUser) -> None:
    """Delete an institution with its contacts and units; refused while projects use it."""
    delete_unless_used(obj=institution)
