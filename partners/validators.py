"""Formats of the identifiers that Erasmus+ and Erasmus Without Paper give an institution.

The same patterns back the database check constraints in partners.models.
"""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

SCHAC_PATTERN = r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"
ERASMUS_CODE_PATTERN = r"^[A-Z]{1,3} +[A-Z-]{1,8}[0-9]{2}$"
PIC_PATTERN = r"^[0-9]{9}$"
OID_PATTERN = r"^E[0-9]{8}$"

validate_schac_code = RegexValidator(
    SCHAC_PATTERN, _("A SCHAC code is the institution's lower-case domain, e.g. uw.edu.pl.")
)
validate_erasmus_code = RegexValidator(
    ERASMUS_CODE_PATTERN,
    _(
        "An Erasmus code is a country prefix, a space, a city code and two digits, "
        "e.g. PL WARSZAW01."
    ),
)
validate_pic = RegexValidator(PIC_PATTERN, _("A PIC has exactly nine digits."))
validate_oid = RegexValidator(OID_PATTERN, _("An OID is the letter E followed by eight digits."))
