"""Form plumbing shared by the workspace: crispy helpers, date inputs, shared choices."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.text import slugify

from partners.services import field_for_constraint


class WorkspaceModelForm(forms.ModelForm):
    """A ModelForm whose database-constraint messages stand next to the field they concern.

    Django reports a violated conditional unique constraint (e.g. "another institution has
    this Erasmus code") as an error of the whole form; here it moves to its field.
    """

    def _post_clean(self):
        super()._post_clean()
        if not self._errors or NON_FIELD_ERRORS not in self._errors:
            return
        for constraint in self._meta.model._meta.constraints:
            message = str(constraint.get_violation_error_message())
            field = field_for_constraint(constraint, self)
            general = self._errors.get(NON_FIELD_ERRORS, [])
            if field is None or message not in general:
                continue
            kept = [error for error in general.as_data() if message not in error.messages]
            if kept:
                self._errors[NON_FIELD_ERRORS] = self.error_class(
                    kept, error_class="nonfield", renderer=self.renderer
                )
            else:
                del self._errors[NON_FIELD_ERRORS]
            self.add_error(field, message)


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
