"""Writes on institutions, and the transaction helper every workspace save goes through.

`save_atomically` lives here because partners is the app the others build on: the
services of projects and mobility use it too.
"""

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError
from django.forms import BaseForm, BaseModelFormSet, ModelForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Institution

T = TypeVar("T")
COMPARISONS = {"gt", "gte", "lt", "lte"}

CONSTRAINT_FALLBACK_MESSAGE = gettext_lazy(
    "The database refused this change because it conflicts with other data. "
    "Nothing was saved; check the values and try again."
)


def _model_forms(form: BaseForm, formsets: Iterable[BaseModelFormSet]) -> list[ModelForm]:
    forms = [form] if isinstance(form, ModelForm) else []
    for formset in formsets:
        forms.extend(formset.forms)
    return forms


def _violated_constraint(error: IntegrityError, model: type[models.Model]):
    """The constraint of `model` named by the database error, if it is one of them."""
    cause = error.__cause__
    reported = getattr(getattr(cause, "diag", None), "constraint_name", None)
    message = str(error)
    for constraint in model._meta.constraints:
        if constraint.name == reported or re.search(rf"\b{constraint.name}\b", message):
            return constraint
    return None


def field_for_constraint(constraint, form: BaseForm) -> str | None:
    """The field of the form a constraint's message belongs next to: the first visible one
    it is about (not, say, the hidden link of a row to its parent)."""
    for name in _constraint_fields(constraint):
        if name in form.fields and not form.fields[name].widget.is_hidden:
            return name
    return None


def _constraint_fields(constraint) -> list[str]:
    """The fields a constraint is about, the likeliest place for its message first.

    For a check, that is a field compared with a bound or another field (the end of a
    period, a duration) rather than one that only selects the case (the activity).
    """
    fields = list(getattr(constraint, "fields", ()) or ())
    if not fields and getattr(constraint, "expressions", None):
        fields = [
            name
            for expression in constraint.expressions
            for name in re.findall(r"F\((\w+)\)", repr(expression))
        ]
    if not fields and getattr(constraint, "condition", None) is not None:
        fields = [lookup.split("__")[0] for lookup in _condition_lookups(constraint.condition)]
    return fields


def _condition_lookups(q) -> list[str]:
    lookups = []
    for child in q.children:
        if isinstance(child, tuple):
            lookups.append(child[0])
        else:
            lookups.extend(_condition_lookups(child))
    return sorted(lookups, key=lambda lookup: lookup.rsplit("__", 1)[-1] not in COMPARISONS)


def _report_violation(
    error: IntegrityError, form: BaseForm, formsets: Iterable[BaseModelFormSet]
) -> ValidationError:
    """Put the violated constraint's message next to its field; return what the main form shows.

    A violation on the main form's model goes back as a field error for the view to add; one
    on a formset's model is added to the form in that formset that was being changed.
    """
    for candidate in _model_forms(form, formsets):
        constraint = _violated_constraint(error, candidate._meta.model)
        if constraint is None:
            continue
        message = constraint.violation_error_message or CONSTRAINT_FALLBACK_MESSAGE
        message = str(message) % {"name": constraint.name}
        field = field_for_constraint(constraint, candidate)
        if candidate is form:
            return ValidationError({field or NON_FIELD_ERRORS: message})
        target = next(
            (
                other
                for other in _model_forms(None, formsets)
                if other._meta.model is candidate._meta.model and other.has_changed()
            ),
            candidate,
        )
        target.add_error(field, message)
        return ValidationError(_("Nothing was saved: correct the marked rows below."))
    return ValidationError(CONSTRAINT_FALLBACK_MESSAGE)


def save_atomically(*, form: BaseForm, formsets: Iterable = (), save: Callable[[], T]) -> T:
    """Run save() in one transaction; a database constraint it violates becomes a form error.

    Raises ValidationError. Rows that the rolled-back save had created get their primary key
    back to None, so that the form shown again still creates them instead of updating.
    """
    formsets = list(formsets)
    new_instances = [f.instance for f in _model_forms(form, formsets) if f.instance.pk is None]
    try:
        with transaction.atomic():
            return save()
    except IntegrityError as error:
        for instance in new_instances:
            instance.pk = None
            instance._state.adding = True
        raise _report_violation(error, form, formsets) from error


def save_institution(
    *, form: ModelForm, contacts: BaseModelFormSet, units: BaseModelFormSet, by: AbstractBaseUser
) -> Institution:
    """Create or update an institution with its contacts and units, all or nothing."""

    def save() -> Institution:
        institution = form.save(commit=False)
        institution.save()
        form.save_m2m()
        for formset in (contacts, units):
            formset.instance = institution
            formset.save()
        return institution

    return save_atomically(form=form, formsets=[contacts, units], save=save)


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
