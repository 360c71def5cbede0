"""Partner institutions (found by SCHAC code, OID, PIC or Erasmus code) and people (found by
email, whatever its capitals)."""

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobility.services import save_institution_recalculating_grants
from partners.models import Institution
from projects.models import Person
from projects.services import save_person

from .base import Field, choice, country, decimal, lower, text, upper
from .engine import ModelKind

INSTITUTION_CODES = ("schac_code", "oid", "pic", "erasmus_code")


class PartnerKind(ModelKind):
    name = "partners"
    model = Institution
    key_field = "schac_code"
    fields = [
        Field(
            "name",
            gettext_lazy("name (English)"),
            headers=("Name", "Institution", "Legal name"),
            required=True,
        ),
        Field("name_local", gettext_lazy("name in its own language"), headers=("Local name",)),
        Field("country", gettext_lazy("country"), country, ("Country code",), required=True),
        Field("city", gettext_lazy("city"), headers=("Town",), required=True),
        Field("latitude", gettext_lazy("latitude"), decimal, ("Lat",), required=True),
        Field(
            "longitude", gettext_lazy("longitude"), decimal, ("Lon", "Lng", "Long"), required=True
        ),
        Field("website", gettext_lazy("website"), headers=("URL", "Web site")),
        Field("schac_code", gettext_lazy("SCHAC code"), lower, ("SCHAC", "HEI ID", "hei_id")),
        Field("erasmus_code", gettext_lazy("Erasmus code"), upper, ("Erasmus", "Erasmus ID")),
        Field("pic", gettext_lazy("PIC"), text, ("PIC code",)),
        Field("oid", gettext_lazy("OID"), upper, ("Organisation ID", "Organisation OID")),
    ]

    def key(self, values):
        return next((values[code] for code in INSTITUTION_CODES if values.get(code)), "")

    def prepare(self, context, values_of_rows):
        wanted = Q(pk__in=[])
        for code in INSTITUTION_CODES:
            found = {values[code] for values in values_of_rows if values.get(code)}
            if found:
                wanted |= Q(**{f"{code}__in": found})
        context.cache["institutions"] = list(Institution.objects.filter(wanted))

    def find(self, context, values, result):
        matches = {
            institution.pk: institution
            for institution in context.cache["institutions"]
            for code in INSTITUTION_CODES
            if values.get(code) and getattr(institution, code) == values[code]
        }
        if len(matches) > 1:
            result.refuse(
                self.column(context, "schac_code"),
                _("The codes of this row belong to different institutions: %(names)s.")
                % {"names": ", ".join(sorted(i.name for i in matches.values()))},
            )
            return None
        return next(iter(matches.values()), None)

    def validate(self, context, instance, result):
        errors = super().validate(context, instance, result)
        for code in INSTITUTION_CODES:
            value = getattr(instance, code)
            if value and code not in errors:
                taken = Institution.objects.filter(**{code: value}).exclude(pk=instance.pk)
                if taken.exists():
                    errors[code] = [_("Another institution already has this code.")]
        return errors

    def label(self, instance):
        return instance.name

    def save(self, instance, *, by, result=None):
        save_institution_recalculating_grants(institution=instance, by=by)


class PersonKind(ModelKind):
    name = "people"
    model = Person
    key_field = "email"
    fields = [
        Field("email", gettext_lazy("email"), text, ("E-mail", "Email address", "Mail")),
        Field(
            "first_name",
            gettext_lazy("first name"),
            headers=("Given name", "Voornaam"),
            required=True,
        ),
        Field(
            "last_name",
            gettext_lazy("last name"),
            headers=("Surname", "Family name", "Achternaam"),
            required=True,
        ),
        Field("phone", gettext_lazy("phone"), headers=("Telephone", "Telefoon")),
        Field(
            "language",
            gettext_lazy("preferred language"),
            choice(
                {
                    "en": "en",
                    "English": "en",
                    "Engels": "en",
                    "nl": "nl",
                    "Dutch": "nl",
                    "Nederlands": "nl",
                }
            ),
            ("Language", "Taal"),
        ),
    ]

    def key(self, values):
        return (values.get("email") or "").lower()

    def prepare(self, context, values_of_rows):
        emails = {values["email"].lower() for values in values_of_rows if values.get("email")}
        people = Person.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=emails)
        context.cache["people"] = {person.email.lower(): person for person in people}

    def find(self, context, values, result):
        return context.cache["people"].get(self.key(values))

    def apply(self, context, instance, values, result):
        if instance.pk and values.get("email", "").lower() == instance.email.lower():
            # The same address in other capitals is the same person: keep it as stored.
            values = {**values, "email": instance.email}
        return super().apply(context, instance, values, result)

    def label(self, instance):
        return f"{instance.full_name} <{instance.email}>"

    def save(self, instance, *, by, result=None):
        save_person(person=instance, by=by)
