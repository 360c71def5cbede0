from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from . import validators


def _blank_or_matches(field: str, pattern: str) -> Q:
    return Q(**{field: ""}) | Q(**{f"{field}__regex": pattern})


LATITUDE_MESSAGE = _("A latitude lies between -90 and 90 degrees.")
LONGITUDE_MESSAGE = _("A longitude lies between -180 and 180 degrees.")
NULL_ISLAND_MESSAGE = _("0, 0 lies in the Gulf of Guinea: enter the institution's own coordinates.")


class Institution(models.Model):
    """A higher-education institution: the home university or a partner outside Europe."""

    name = models.CharField(_("name (English)"), max_length=255)
    name_local = models.CharField(_("name in its own language"), max_length=255, blank=True)
    name_local_language = models.CharField(
        _("language of that name"),
        max_length=2,
        blank=True,
        choices=sorted(
            ((code, info["name"]) for code, info in LANG_INFO.items() if len(code) == 2),
            key=lambda choice: choice[1],
        ),
        help_text=_("Erasmus Without Paper gives every name its language."),
    )
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        validators=[
            MinValueValidator(-90, message=LATITUDE_MESSAGE),
            MaxValueValidator(90, message=LATITUDE_MESSAGE),
        ],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        validators=[
            MinValueValidator(-180, message=LONGITUDE_MESSAGE),
            MaxValueValidator(180, message=LONGITUDE_MESSAGE),
        ],
    )
    website = models.URLField(_("website"), blank=True)
    schac_code = models.CharField(
        _("SCHAC code"),
        max_length=100,
        blank=True,
        validators=[validators.validate_schac_code],
        help_text=_("The Erasmus Without Paper id, e.g. uw.edu.pl."),
    )
    erasmus_code = models.CharField(
        _("Erasmus code"),
        max_length=20,
        blank=True,
        validators=[validators.validate_erasmus_code],
        help_text=_("EU institutions only, e.g. PL WARSZAW01."),
    )
    pic = models.CharField(_("PIC"), max_length=9, blank=True, validators=[validators.validate_pic])
    oid = models.CharField(
        _("OID"),
        max_length=9,
        blank=True,
        validators=[validators.validate_oid],
        help_text=_("The Beneficiary Module id: E followed by eight digits."),
    )
    is_home = models.BooleanField(
        _("our institution"),
        default=False,
        help_text=_("The home university; exactly one institution is marked so."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(
                fields=["schac_code"],
                condition=~Q(schac_code=""),
                name="institution_schac_code_unique",
                violation_error_code="duplicate_schac_code",
                violation_error_message=_("Another institution has this SCHAC code."),
            ),
            models.UniqueConstraint(
                fields=["erasmus_code"],
                condition=~Q(erasmus_code=""),
                name="institution_erasmus_code_unique",
                violation_error_code="duplicate_erasmus_code",
                violation_error_message=_("Another institution has this Erasmus code."),
            ),
            models.UniqueConstraint(
                fields=["pic"],
                condition=~Q(pic=""),
                name="institution_pic_unique",
                violation_error_code="duplicate_pic",
                violation_error_message=_("Another institution has this PIC."),
            ),
            models.UniqueConstraint(
                fields=["oid"],
                condition=~Q(oid=""),
                name="institution_oid_unique",
                violation_error_code="duplicate_oid",
                violation_error_message=_("Another institution has this OID."),
            ),
            models.UniqueConstraint(
                fields=["is_home"],
                condition=Q(is_home=True),
                name="institution_single_home",
                violation_error_code="second_home",
                violation_error_message=_("Another institution is already marked as ours."),
            ),
            models.CheckConstraint(
                condition=_blank_or_matches("schac_code", validators.SCHAC_PATTERN),
                name="institution_schac_code_format",
                violation_error_code="invalid_schac_code",
                violation_error_message=validators.validate_schac_code.message,
            ),
            models.CheckConstraint(
                condition=_blank_or_matches("erasmus_code", validators.ERASMUS_CODE_PATTERN),
                name="institution_erasmus_code_format",
                violation_error_code="invalid_erasmus_code",
                violation_error_message=validators.validate_erasmus_code.message,
            ),
            models.CheckConstraint(
                condition=_blank_or_matches("pic", validators.PIC_PATTERN),
                name="institution_pic_format",
                violation_error_code="invalid_pic",
                violation_error_message=validators.validate_pic.message,
            ),
            models.CheckConstraint(
                condition=_blank_or_matches("oid", validators.OID_PATTERN),
                name="institution_oid_format",
                violation_error_code="invalid_oid",
                violation_error_message=validators.validate_oid.message,
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90),
                name="institution_latitude_range",
                violation_error_code="latitude_out_of_range",
                violation_error_message=LATITUDE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180),
                name="institution_longitude_range",
                violation_error_code="longitude_out_of_range",
                violation_error_message=LONGITUDE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=~Q(latitude=0, longitude=0),
                name="institution_not_at_zero_zero",
                violation_error_code="zero_zero",
                violation_error_message=NULL_ISLAND_MESSAGE,
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.latitude == 0 and self.longitude == 0:
            raise ValidationError({"latitude": NULL_ISLAND_MESSAGE}, code="zero_zero")


class OrganisationalUnit(models.Model):
    """A faculty, institute or centre of an institution, e.g. the Leiden Observatory."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="units", verbose_name=_("institution")
    )
    name = models.CharField(_("name (English)"), max_length=255)
    name_nl = models.CharField(_("name (Dutch)"), max_length=255, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"],
                name="organisational_unit_unique_name",
                violation_error_code="duplicate_unit",
                violation_error_message=_("The institution already has a unit of this name."),
            ),
        ]

    def __str__(self):
        return self.abbreviation or self.name


class Contact(models.Model):
    """A contact person at an institution (international office, faculty coordinator...)."""

    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("institution"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return self.name
