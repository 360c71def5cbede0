"""What every kind of import shares: the fields a file's columns map to, how a cell's text
becomes a value, and a row's outcome (new, changed, unchanged or refused)."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

NEW, CHANGED, UNCHANGED, REFUSED = "new", "changed", "unchanged", "refused"
OUTCOMES = (NEW, CHANGED, UNCHANGED, REFUSED)

YES = {"yes", "y", "ja", "j", "true", "waar", "1", "x"}
NO = {"no", "n", "nee", "false", "onwaar", "0", ""}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S")


def text(value: str) -> str:
    return value.strip()


def upper(value: str) -> str:
    return value.strip().upper()


def lower(value: str) -> str:
    return value.strip().lower()


def boolean(value: str) -> bool:
    word = value.strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValidationError(_("Enter Yes or No."))


def decimal(value: str) -> Decimal | None:
    cleaned = value.strip().replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        return None
    # 1.234,56 (Dutch) and 1,234.56 (English) both read as 1234.56.
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValidationError(_("Enter a number.")) from error
    if not number.is_finite():
        raise ValidationError(_("Enter a number."))
    return number


def money(value: str) -> Decimal:
    number = decimal(value)
    return Decimal("0.00") if number is None else number.quantize(Decimal("0.01"))


def optional_money(value: str) -> Decimal | None:
    number = decimal(value)
    return None if number is None else number.quantize(Decimal("0.01"))


def integer(value: str) -> int | None:
    number = decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value() or abs(number) > 2**31:
        raise ValidationError(_("Enter a whole number."))
    return int(number)


def count(value: str) -> int:
    number = integer(value)
    return 0 if number is None else number


def date(value: str) -> datetime.date | None:
    cleaned = value.strip()
    if not cleaned:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("Enter a date as DD-MM-YYYY or YYYY-MM-DD."))


def country(value: str) -> str:
    cleaned = value.strip()
    if not cleaned:
        return ""
    code = countries.by_name(cleaned) or cleaned.upper()
    if code not in dict(countries):
        raise ValidationError(_("Enter a country as its two-letter ISO code, e.g. CU."))
    return code


def choice(options: dict[str, str]) -> Callable[[str], str]:
    """A parser that reads any of the spellings in `options` (compared in lower case)."""
    lowered = {spelling.lower(): value for spelling, value in options.items()}

    def parse(value: str) -> str:
        cleaned = value.strip().lower()
        if not cleaned:
            return ""
        if cleaned in lowered:
            return lowered[cleaned]
        raise ValidationError(
            _("Enter one of: %(choices)s.") % {"choices": ", ".join(sorted(set(options)))}
        )

    return parse


def header_key(header: str) -> str:
    """A header as compared with the known names: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]+", "", header.lower())


@dataclass(frozen=True)
class Field:
    """A field a column can map to: its name, label, parser and the headers it is known by."""

    name: str
    label: Any
    parse: Callable[[str], Any] = text
    headers: tuple[str, ...] = ()
    required: bool = False

    def known_as(self) -> set[str]:
        return {header_key(h) for h in (self.name, str(self.label), *self.headers)}


@dataclass
class RowResult:
    """One data row of the file as the preview sees it."""

    number: int  # the row's line in the file (the header is line 1)
    outcome: str = NEW
    key: str = ""
    label: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # field, old, new
    problems: list[tuple[str, str]] = field(default_factory=list)  # column, reason
    instance: Any = None
    extra: dict = field(default_factory=dict)

    def refuse(self, column: str, reason) -> None:
        self.outcome = REFUSED
        self.problems.append((column, str(reason)))

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "outcome": self.outcome,
            "key": self.key,
            "label": self.label,
            "changes": [list(change) for change in self.changes],
            "problems": [list(problem) for problem in self.problems],
        }


def shown(value) -> str:
    """A value as the preview shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def validation_messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            name: [str(message) for e in errors for message in e.messages]
            for name, errors in error.error_dict.items()
        }
    return {"__all__": [str(m) for m in error.messages]}


DUPLICATE_IN_FILE = gettext_lazy("The same %(key)s appears in an earlier row (line %(line)s).")
