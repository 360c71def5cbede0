"""Build the POST data a browser would send for a workspace form, from the form itself."""

import datetime
from decimal import Decimal


def _value(bound_field):
    value = bound_field.value()
    if getattr(bound_field.field.widget, "allow_multiple_selected", False):
        # A browser sends nothing for a multiple select with nothing selected.
        return [str(item) for item in value or ()]
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "on" if value else None
    if value is None:
        return ""
    if isinstance(value, Decimal | int):
        return str(value)
    return value


def form_data(form) -> dict:
    data = {}
    for bound_field in form:
        value = _value(bound_field)
        if value is not None and value != []:
            data[bound_field.html_name] = value
    return data


def editor_data(editor, **changes) -> dict:
    """Every field of the editor's form and formsets as it shows them, then `changes`."""
    data = form_data(editor.form)
    for formset in editor.formsets:
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def formset_data(prefix: str, rows: list[dict], *, initial: int = 0) -> dict:
    """The management form and rows of a formset, as a browser posts them."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data
