"""Mobilities, from an office's own sheet or the Beneficiary Module's mobility export
(mobility.exports.beneficiary_module writes it; the module gives it back in that form).

A row belongs to the project of its grant agreement number (or the one chosen for the
file) and is found by its Mobility activity ID: the ID an earlier import recorded for it,
or the portal's own ID ("M000123") of a mobility of that project. Sending and receiving
organisations give the partner and the direction; the dates are the actual ones of a
mobility that has them, else the planned ones. The grant is not taken from the file: the
portal calculates it, as for a mobility typed in the editor, so the same rows give the same
grant; a row whose grant in the file is another is named after the import.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobility.eligibility import eligibility_findings
from mobility.exports.beneficiary_module import (
    ACTIVITY_TYPES,
    COLUMN_NAMES,
    MOBILITY_DATA_TYPE,
    TRANSPORT_MEANS,
)
from mobility.exports.beneficiary_module import mobility_grant as beneficiary_module_grant
from mobility.models import (
    EQF_OF_LEVEL,
    STAFF_ACTIVITIES,
    Direction,
    Level,
    Mobility,
)
from mobility.rates import MissingRateError, rate_table_for
from mobility.services import save_mobility
from partners.models import Institution
from projects.models import Project

from .base import (
    Field,
    boolean,
    choice,
    count,
    country,
    date,
    integer,
    lower,
    money,
    optional_money,
    text,
    upper,
)
from .engine import ModelKind

PORTAL_ID = re.compile(r"^M(\d{1,12})$")
ACTIVITY_SPELLINGS = {
    **{code: code for code in ACTIVITY_TYPES},
    **{v: k for k, v in ACTIVITY_TYPES.items()},
}
TRANSPORT_SPELLINGS = {
    **{value: value for value in TRANSPORT_MEANS},
    **{label: value for value, label in TRANSPORT_MEANS.items()},
}
LEVEL_OF_EQF = {eqf: level for level, eqf in EQF_OF_LEVEL.items()}
GENDERS = {"F": "F", "M": "M", "X": "X", "Female": "F", "Male": "M", "Undefined": "X", "Other": "X"}
STATUSES = {value: value for value in Mobility.Status.values}
DATA_TYPES = {MOBILITY_DATA_TYPE: MOBILITY_DATA_TYPE}


def _bm(key: str, name: str, label, parse=text, *, required=False, headers=()) -> Field:
    return Field(name, label, parse, (COLUMN_NAMES[key], *headers), required)


def _language(value: str) -> str:
    return value.strip().lower()


class MobilityKind(ModelKind):
    name = "mobilities"
    model = Mobility
    key_field = "mobility_id"
    loaded_relations = ("project", "partner")
    fields = [
        _bm(
            "grant_agreement_number",
            "grant_agreement_number",
            gettext_lazy("grant agreement number"),
        ),
        _bm(
            "mobility_id",
            "mobility_id",
            gettext_lazy("Mobility activity ID"),
            headers=("Mobility ID", "ID"),
        ),
        _bm(
            "activity_type",
            "activity",
            gettext_lazy("activity"),
            choice(ACTIVITY_SPELLINGS),
            required=True,
        ),
        # Only a mobility's main line is read: the module's itinerary and certification
        # sub-rows, the other data types, are refused with the choices named. The
        # long-term flag is not read: it follows the dates.
        _bm("data_type", "data_type", gettext_lazy("data type"), choice(DATA_TYPES)),
        _bm("blended", "blended", gettext_lazy("blended mobility"), boolean),
        _bm("virtual_description", "virtual_component", gettext_lazy("virtual component")),
        _bm(
            "virtual_hours",
            "virtual_hours",
            gettext_lazy("virtual component (contact hours)"),
            integer,
        ),
        _bm(
            "field_of_education", "field_of_education", gettext_lazy("field of education (ISCED-F)")
        ),
        _bm("eqf_level", "eqf_level", gettext_lazy("EQF level"), integer),
        _bm("participant_id", "participant_id", gettext_lazy("participant ID")),
        _bm(
            "first_name",
            "first_name",
            gettext_lazy("first name"),
            required=True,
            headers=("First name",),
        ),
        _bm(
            "last_name",
            "last_name",
            gettext_lazy("last name"),
            required=True,
            headers=("Last name",),
        ),
        _bm("email", "email", gettext_lazy("email"), lower, required=True, headers=("Email",)),
        _bm("gender", "gender", gettext_lazy("gender"), choice(GENDERS)),
        _bm("birth_date", "birth_date", gettext_lazy("date of birth"), date),
        _bm("nationality", "nationality", gettext_lazy("nationality"), country),
        _bm(
            "fewer_opportunities",
            "fewer_opportunities",
            gettext_lazy("fewer opportunities"),
            boolean,
        ),
        _bm("recent_graduate", "recent_graduate", gettext_lazy("recent graduate"), boolean),
        _bm("main_language", "main_language", gettext_lazy("main language"), _language),
        _bm("sending_oid", "sending_oid", gettext_lazy("sending organisation OID"), upper),
        _bm(
            "sending_erasmus_code",
            "sending_erasmus_code",
            gettext_lazy("sending organisation Erasmus code"),
            upper,
        ),
        _bm("receiving_oid", "receiving_oid", gettext_lazy("receiving organisation OID"), upper),
        _bm(
            "receiving_erasmus_code",
            "receiving_erasmus_code",
            gettext_lazy("receiving organisation Erasmus code"),
            upper,
        ),
        _bm(
            "transport_means",
            "transport_means",
            gettext_lazy("means of transport"),
            choice(TRANSPORT_SPELLINGS),
        ),
        _bm("green_travel", "green_travel", gettext_lazy("green travel"), boolean),
        _bm("start_date", "start", gettext_lazy("start date"), date, required=True),
        _bm("end_date", "end", gettext_lazy("end date"), date, required=True),
        _bm("interruption_days", "interruption_days", gettext_lazy("interruption (days)"), count),
        _bm("non_funded_days", "non_funded_days", gettext_lazy("non-funded days"), count),
        _bm("funded_travel_days", "travel_days", gettext_lazy("funded travel days"), count),
        _bm("zero_grant", "zero_grant", gettext_lazy("zero grant"), boolean),
        _bm(
            "exceptional_travel_cost",
            "exceptional_travel_cost",
            gettext_lazy("exceptional travel cost (EUR)"),
            optional_money,
        ),
        _bm(
            "exceptional_travel_cost_justification",
            "exceptional_travel_cost_justification",
            gettext_lazy("why the travel is exceptionally expensive"),
        ),
        _bm(
            "inclusion_support", "inclusion_support", gettext_lazy("inclusion support (EUR)"), money
        ),
        _bm("force_majeure", "force_majeure", gettext_lazy("force majeure"), boolean),
        _bm(
            "force_majeure_explanation",
            "force_majeure_explanation",
            gettext_lazy("force majeure explanation"),
        ),
        _bm(
            "mobility_grant",
            "mobility_grant",
            gettext_lazy("mobility activity grant (EUR)"),
            optional_money,
        ),
        Field("status", gettext_lazy("status"), choice(STATUSES), ("Status",)),
    ]
    # Fields set as they are read; the rest (partner, direction, level, dates) are derived.
    DIRECT = {
        "activity", "blended", "virtual_component", "virtual_hours",
        "field_of_education", "eqf_level", "participant_id", "first_name", "last_name",
        "email", "gender", "birth_date", "nationality", "fewer_opportunities",
        "recent_graduate", "main_language", "transport_means", "green_travel",
        "interruption_days", "non_funded_days", "travel_days", "zero_grant",
        "exceptional_travel_cost", "exceptional_travel_cost_justification",
        "inclusion_support", "force_majeure", "force_majeure_explanation", "status",
    }  # fmt: skip

    def prepare(self, context, values_of_rows):
        numbers = {
            v["grant_agreement_number"] for v in values_of_rows if v.get("grant_agreement_number")
        }
        projects = {
            p.grant_agreement_number: p
            for p in Project.objects.filter(grant_agreement_number__in=numbers).select_related(
                "call"
            )
        }
        if context.project is not None:
            projects[context.project.grant_agreement_number or ""] = context.project
        context.cache["projects"] = projects
        context.cache["home"] = Institution.objects.filter(is_home=True).first()
        institutions = list(Institution.objects.all())
        context.cache["by_oid"] = {i.oid: i for i in institutions if i.oid}
        context.cache["by_erasmus"] = {i.erasmus_code: i for i in institutions if i.erasmus_code}
        project_ids = [p.pk for p in projects.values()]
        mobilities = {
            m.pk: m
            for m in Mobility.objects.filter(project_id__in=project_ids).select_related("partner")
        }
        context.cache["mobilities"] = mobilities
        from ..models import ImportBatch, ImportedRow

        recorded = (
            ImportedRow.objects.filter(
                model="mobility.mobility",
                object_id__in=list(mobilities),
                batch__status=ImportBatch.Status.CONFIRMED,
            )
            .order_by("pk")
            .values_list("key", "object_id")
        )
        context.cache["recorded"] = dict(recorded)
        context.cache["partners"] = {
            (pp.project_id, pp.institution_id)
            for project in projects.values()
            for pp in project.project_partners.all()
        }
        context.cache["rate_tables"] = {}

    def _project(self, context, values, result):
        number = values.get("grant_agreement_number") or ""
        column = COLUMN_NAMES["grant_agreement_number"]
        if context.project is not None:
            if number and number != context.project.grant_agreement_number:
                result.refuse(
                    column,
                    _("This row belongs to project %(number)s, not to the one chosen.")
                    % {"number": number},
                )
                return None
            return context.project
        if not number:
            result.refuse(column, _("Enter the grant agreement number or choose the project."))
            return None
        project = context.cache["projects"].get(number)
        if project is None:
            result.refuse(column, _("No project has this grant agreement number."))
        return project

    def find(self, context, values, result):
        project = self._project(context, values, result)
        if project is None:
            return None
        result.extra["project"] = project
        key = values["mobility_id"]
        mobilities = context.cache["mobilities"]
        pk = context.cache["recorded"].get(key)
        if pk is None and (match := PORTAL_ID.match(key)):
            pk = int(match.group(1))
        mobility = mobilities.get(pk)
        if mobility is not None and mobility.project_id != project.pk:
            return None
        return mobility

    def new(self, context, values, result):
        return Mobility(project=result.extra["project"], status=Mobility.Status.NOMINATED)

    def _partner_and_direction(self, context, values, result):
        home = context.cache["home"]

        def organisation(side):
            oid, code = values.get(f"{side}_oid"), values.get(f"{side}_erasmus_code")
            institution = context.cache["by_oid"].get(oid) if oid else None
            if institution is None and code:
                institution = context.cache["by_erasmus"].get(code)
            if (oid or code) and institution is None:
                result.refuse(
                    COLUMN_NAMES[f"{side}_oid" if oid else f"{side}_erasmus_code"],
                    _("No institution in the portal has this code; import the partners first."),
                )
            return institution

        sending, receiving = organisation("sending"), organisation("receiving")
        if result.problems:
            return None, None
        if home is not None and sending == home and receiving is not None:
            return receiving, Direction.OUTGOING
        if home is not None and receiving == home and sending is not None:
            return sending, Direction.INCOMING
        result.refuse(
            COLUMN_NAMES["sending_oid"],
            _("One of the sending and receiving organisations must be ours, the other a partner."),
        )
        return None, None

    def apply(self, context, instance, values, result):
        result.extra["grant_in_file"] = values.get("mobility_grant")
        set_fields = []
        for name, value in values.items():
            if name in self.DIRECT:
                model_field = Mobility._meta.get_field(name)
                if value in (None, "") and model_field.has_default():
                    value = model_field.get_default()
                setattr(instance, name, value)
                set_fields.append(name)
        if {"sending_oid", "sending_erasmus_code", "receiving_oid", "receiving_erasmus_code"} & set(
            values
        ):
            partner, direction = self._partner_and_direction(context, values, result)
            if partner is None:
                return set_fields
            instance.partner, instance.direction = partner, direction
            set_fields += ["partner", "direction"]
        elif not instance.pk:
            result.refuse(
                COLUMN_NAMES["receiving_oid"], _("This column is required for a new row.")
            )
            return set_fields
        if instance.activity in STAFF_ACTIVITIES:
            instance.level = Level.STAFF
        elif instance.eqf_level in LEVEL_OF_EQF:
            instance.level = LEVEL_OF_EQF[instance.eqf_level]
        elif not instance.level or instance.level == Level.STAFF:
            result.refuse(
                COLUMN_NAMES["eqf_level"], _("A student mobility needs its EQF level (6, 7 or 8).")
            )
            return set_fields
        set_fields.append("level")
        dates = (
            ("actual_start", "actual_end")
            if instance.has_actual_dates
            else ("planned_start", "planned_end")
        )
        if values.get("start") and values.get("end"):
            setattr(instance, dates[0], values["start"])
            setattr(instance, dates[1], values["end"])
            set_fields += list(dates)
        return set_fields

    def _rate_table(self, context, call):
        tables = context.cache["rate_tables"]
        if call.pk not in tables:
            try:
                tables[call.pk] = rate_table_for(call_year=call.year, action=call.action)
            except MissingRateError:
                tables[call.pk] = None
        return tables[call.pk]

    def validate(self, context, instance, result):
        errors = super().validate(context, instance, result)
        project = instance.project
        if (project.pk, instance.partner_id) not in context.cache["partners"]:
            errors.setdefault("partner", []).append(
                _("This institution is not a partner of the project.")
            )
        # The call's rules, as the editor checks them (workspace mobility form).
        table = self._rate_table(context, project.call)
        fields = {
            "start": "start",
            "end": "end",
            "travel_days": "travel_days",
            "activity": "activity",
            # Earlier months of the study cycle make this stay too long: its dates are read.
            "previous_participation": "end",
        }
        for finding in eligibility_findings(
            call_year=project.call.year,
            action=project.call.action,
            activity=instance.activity,
            start=instance.start,
            end=instance.end,
            travel_days=instance.travel_days,
            green_travel=instance.green_travel,
            previous_participation=instance.previous_participation,
            rate_table=table,
        ):
            name = fields.get(finding.field, "activity")
            if finding.message not in errors.get(name, []):
                errors.setdefault(name, []).append(finding.message)
        date_columns = {
            "planned_start": "start",
            "actual_start": "start",
            "planned_end": "end",
            "actual_end": "end",
        }
        return {date_columns.get(name, name): messages for name, messages in errors.items()}

    def label(self, instance):
        return f"{instance.first_name} {instance.last_name} ({instance.activity})"

    def key(self, values):
        return values.get("mobility_id") or ""

    def save(self, instance, *, by, result=None):
        # Partners are not emailed about participants a file brings in.
        instance.announce_to_partner = False
        save_mobility(mobility=instance, by=by)

    def note_after_writing(self, result):
        """The grant the portal calculated, when the file's grant is another."""
        in_file = result.extra.get("grant_in_file")
        calculated = beneficiary_module_grant(result.instance)
        if in_file is None or in_file == calculated:
            return ""
        return _(
            "The file's grant is EUR %(in_file)s; the portal calculates EUR %(calculated)s."
        ) % {"in_file": f"{in_file:,.2f}", "calculated": f"{calculated:,.2f}"}
