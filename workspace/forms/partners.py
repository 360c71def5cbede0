"""Partner institutions with their contact persons and organisational units."""

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.db import models
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from partners.geography import outside_country
from partners.models import Contact, Institution, OrganisationalUnit

from .base import ConstraintMessagesFormSetMixin, WorkspaceModelForm, fields_only_helper, row


def _https_by_default(model_field, **kwargs):
    """A website typed without a scheme is taken to be https://."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


OUTSIDE_COUNTRY_MESSAGE = _(
    "This position lies outside %(country)s. Check the coordinates, or tick "
    "“The position is right” to save them as they are."
)


class InstitutionForm(WorkspaceModelForm):
    position_confirmed = forms.BooleanField(
        label=_("The position is right"),
        required=False,
        help_text=_("Saves coordinates that lie outside the institution's country."),
    )

    class Meta:
        model = Institution
        fields = [
            "name",
            "name_local",
            "name_local_language",
            "country",
            "city",
            "latitude",
            "longitude",
            "website",
            "schac_code",
            "erasmus_code",
            "pic",
            "oid",
            "is_home",
        ]

        formfield_callback = _https_by_default

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper()
        self.helper.layout = Layout(
            Fieldset(
                _("Institution"),
                row(("name", 5), ("name_local", 4), ("name_local_language", 3)),
                row(("country", 3), ("city", 3), ("latitude", 3), ("longitude", 3)),
                "website",
            ),
            Fieldset(
                _("Identifiers"),
                row(("schac_code", 3), ("erasmus_code", 3), ("pic", 3), ("oid", 3)),
                "is_home",
            ),
        )

    def clean(self):
        """A position outside the country's bounding box is warned next to the latitude and
        saved once staff confirm it."""
        cleaned = super().clean()
        country, latitude, longitude = (
            cleaned.get("country"),
            cleaned.get("latitude"),
            cleaned.get("longitude"),
        )
        known = country and latitude is not None and longitude is not None
        if known and outside_country(str(country), latitude, longitude):
            # The box is shown only when there is something to confirm.
            self.helper.layout[0].append("position_confirmed")
            if not cleaned.get("position_confirmed"):
                self.add_error(
                    "latitude", OUTSIDE_COUNTRY_MESSAGE % {"country": countries.name(country)}
                )
        return cleaned


class InstitutionInlineFormSet(ConstraintMessagesFormSetMixin, BaseInlineFormSet):
    pass


ContactFormSet = inlineformset_factory(
    Institution,
    Contact,
    form=WorkspaceModelForm,
    fields=["name", "email", "phone", "position"],
    formset=InstitutionInlineFormSet,
    extra=1,
)
UnitFormSet = inlineformset_factory(
    Institution,
    OrganisationalUnit,
    form=WorkspaceModelForm,
    fields=["name", "name_nl", "abbreviation"],
    formset=InstitutionInlineFormSet,
    extra=1,
)


class InstitutionEditor:
    """The institution form with its contacts and units."""

    def __init__(self, *, instance: Institution | None = None, data=None):
        self.form = InstitutionForm(data=data, instance=instance)
        self.contacts = ContactFormSet(data=data, instance=self.form.instance, prefix="contacts")
        self.units = UnitFormSet(data=data, instance=self.form.instance, prefix="units")

    @property
    def sections(self) -> list:
        return [(_("Contact persons"), self.contacts), (_("Organisational units"), self.units)]

    @property
    def formsets(self) -> list:
        return [self.contacts, self.units]

    def is_valid(self) -> bool:
        results = [self.form.is_valid()] + [formset.is_valid() for formset in self.formsets]
        return all(results)


class ReportedGrantsForm(forms.Form):
    """Which of the listed completed mobilities get their grant recalculated."""

    mobilities = forms.TypedMultipleChoiceField(
        label=_("Recalculate the grant of"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one mobility.")},
    )

    def __init__(self, *args, changes: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mobilities"].choices = [(change.mobility.pk, "") for change in changes]
