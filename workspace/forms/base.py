"""Form plumbing shared by the workspace: crispy helpers, date inputs, shared choices, and
how a save refused by the database comes back to the form."""

import datetime
from collections.abc import Callable, Iterable
from typing import TypeVar

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, UniqueConstraint
from django.forms import BaseForm, BaseModelFormSet, ModelForm
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.services import RowChanges, RowToStore

T = TypeVar("T")

CONSTRAINT_FALLBACK_MESSAGE = gettext_lazy(
    "The database refused this change because it conflicts with other data. "
    "Nothing was saved; check the values and try again."
)


def constraint_field(constraint, form: BaseForm) -> str | None:
    """The field next to which a unique constraint's message stands: the first field it
    is about that the form shows (not, say, the hidden link of a row to its parent)."""
    names = list(constraint.fields) or [
        node.name
        for expression in constraint.expressions
        for node in expression.flatten()
        if isinstance(node, F)
    ]
    for name in names:
        if name in form.fields and not form.fields[name].widget.is_hidden:
            return name
    return None


class WorkspaceModelForm(forms.ModelForm):
    """A ModelForm whose database-constraint messages stand next to the field they concern.

    The models put the messages of their check constraints next to fields themselves (field
    validators and clean()). Django reports a violated unique constraint over several
    fields, a partial or an expression one (e.g. "another institution has this Erasmus
    code") as an error of the whole form; here it moves next to its field, recognised by
    the constraint's violation_error_code.
    """

    def _post_clean(self):
        super()._post_clean()
        general = self._errors.get(NON_FIELD_ERRORS) if self._errors else None
        if not general:
            return
        fields = {
            constraint.violation_error_code: constraint_field(constraint, self)
            for constraint in self._meta.model._meta.constraints
            if isinstance(constraint, UniqueConstraint) and constraint.violation_error_code
        }
        placed, kept = [], []
        for error in general.as_data():
            field = fields.get(error.code)
            (placed if field else kept).append((field, error))
        if not placed:
            return
        if kept:
            self._errors[NON_FIELD_ERRORS] = self.error_class(
                [error for _field, error in kept], error_class="nonfield", renderer=self.renderer
            )
        else:
            del self._errors[NON_FIELD_ERRORS]
        for field, error in placed:
            self.add_error(field, error)


class ConstraintMessagesFormSetMixin:
    """Rows of a model formset that repeat each other's unique values get the model's
    constraint message next to its field (e.g. "This institution is already a partner of
    the project." at the institution), instead of Django's general "Please correct the
    duplicate values below." Add before the formset base class."""

    def _unique_constraint(self, unique_check):
        return next(
            (
                constraint
                for constraint in self.model._meta.constraints
                if isinstance(constraint, UniqueConstraint)
                and set(constraint.fields) == set(unique_check)
            ),
            None,
        )

    def get_unique_error_message(self, unique_check):
        self._repeated = self._unique_constraint(unique_check)
        if self._repeated is None:
            return super().get_unique_error_message(unique_check)
        return str(self._repeated.get_violation_error_message())

    def get_form_error(self):
        repeated = getattr(self, "_repeated", None)
        if repeated is None:
            return super().get_form_error()
        return str(repeated.get_violation_error_message())

    def validate_unique(self):
        try:
            super().validate_unique()
        finally:
            self._place_repeated_messages()

    def _place_repeated_messages(self) -> None:
        messages = {
            str(constraint.get_violation_error_message()): constraint
            for constraint in self.model._meta.constraints
            if isinstance(constraint, UniqueConstraint)
        }
        for form in self.forms:
            general = form._errors.get(NON_FIELD_ERRORS) if form._errors else None
            if not general:
                continue
            for message in list(general):
                constraint = messages.get(message)
                field = constraint and constraint_field(constraint, form)
                if field:
                    general.remove(message)
                    form.add_error(field, message)
            if not general:
                del form._errors[NON_FIELD_ERRORS]


def _model_forms(form: BaseForm, formsets: Iterable) -> list[ModelForm]:
    found = [form] if isinstance(form, ModelForm) else []
    for formset in formsets:
        found.extend(formset.forms)
    return found


def _violated_constraint(error: IntegrityError, model: type[models.Model]):
    """The constraint of `model` that the database names as violated (PostgreSQL says
    which; other databases do not, and get the general message)."""
    reported = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    return next((c for c in model._meta.constraints if c.name == reported), None)


def _violation(error: IntegrityError, form: BaseForm, formsets: list) -> ValidationError:
    """The violated constraint's message, for the main form to show next to its field; a
    violation in a row of a formset is added to the row that was being changed."""
    for candidate in _model_forms(form, formsets):
        constraint = _violated_constraint(error, candidate._meta.model)
        if constraint is None:
            continue
        message = constraint.get_violation_error_message()
        field = (
            constraint_field(constraint, candidate)
            if isinstance(constraint, UniqueConstraint)
            else None
        )
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
    """Run save() (a service call) in one transaction; a database constraint it violates
    after all (another save came between validation and this one) becomes a form error.

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
        raise _violation(error, form, formsets) from error


def row_changes(formset: BaseModelFormSet) -> RowChanges:
    """What a validated inline formset asks to store and delete, as rows for a service: the
    new and changed rows (with their many-to-many values) and the rows ticked for deletion."""
    changed = {id(instance) for instance in formset.save(commit=False)}
    stored = [
        RowToStore(
            instance=form.instance,
            many_to_many={
                field.name: form.cleaned_data[field.name]
                for field in form.instance._meta.many_to_many
                if field.name in form.cleaned_data
            },
        )
        for form in formset.forms
        if id(form.instance) in changed
    ]
    return RowChanges(stored=stored, deleted=list(formset.deleted_objects))


class DateInput(forms.DateInput):
    """The browser's date picker; ISO values whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def fields_only_helper() -> FormHelper:
    """A crispy helper for a form rendered inside a <form> the template writes itself."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def row(*columns: tuple[str, int]) -> Div:
    """A Bootstrap row of fields: row(("title", 6), ("title_nl", 6))."""
    return Div(
        *(Div(name, css_class=f"col-md-{width}") for name, width in columns), css_class="row"
    )


def apply_field_permissions(form: forms.BaseForm, *, user) -> None:
    """Disable the fields the user may not change (form.restricted_fields: perm -> names).

    A disabled field keeps its stored value whatever is posted.
    """
    instance = getattr(form, "instance", None)
    for permission, names in getattr(form, "restricted_fields", {}).items():
        if user.has_perm(permission, instance):
            continue
        for name in names:
            if name in form.fields:
                form.fields[name].disabled = True
                form.fields[name].help_text = form.fields[name].help_text or ""


def unique_slug(text: str, *, model, exclude_pk=None, max_length: int = 80) -> str:
    """A slug from `text` that no other row of `model` uses: title, title-2, title-3..."""
    base = slugify(text)[: max_length - 4].strip("-") or "item"
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


class SharedChoicesFormSetMixin:
    """Every form of the formset reuses one list of choices per select: one query, not one
    per row. Add before the formset base class."""

    def _share_choices(self, form):
        cache = self.__dict__.setdefault("_shared_choices", {})
        for name, field in form.fields.items():
            # The hidden primary-key field of each row is not a select: leave it alone.
            if isinstance(field, forms.ModelChoiceField) and not field.widget.is_hidden:
                if name not in cache:
                    cache[name] = list(field.choices)
                field.choices = cache[name]
        return form

    def _construct_form(self, i, **kwargs):
        return self._share_choices(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self):
        return self._share_choices(super().empty_form)


class SingleFormEditor:
    """An editor (what the workspace's edit pages work with) of one form, no inline rows.

    Subclasses set form_class. Editors with inline rows offer `sections`: (title, formset).
    """

    form_class = None
    sections: tuple = ()

    def __init__(self, *, data=None, **form_kwargs):
        self.form = self.form_class(data=data, **form_kwargs)

    @property
    def formsets(self) -> list:
        return [formset for _title, formset in self.sections]

    def is_valid(self) -> bool:
        return self.form.is_valid()


def put_initial_in_data(data, bound_field) -> None:
    """Write a bound field's initial value into mutable POST data, as its widget would post it."""
    value = bound_field.initial
    name = bound_field.html_name
    if getattr(bound_field.field.widget, "allow_multiple_selected", False):
        data.setlist(name, [str(getattr(item, "pk", item)) for item in value or ()])
    elif isinstance(value, bool):
        if value:
            data[name] = "on"
        else:
            data.pop(name, None)
    elif isinstance(value, datetime.date):
        data[name] = value.isoformat()
    else:
        data[name] = "" if value is None else str(getattr(value, "pk", value))
