"""Projects (found by their grant agreement number, their call read from it) with their
partners, and their grant lines (one row per activity, direction and partner)."""

import re

from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobility.models import Activity, Direction, MobilityGrant
from partners.models import Institution, OrganisationalUnit
from partners.services import RowChanges, RowToStore
from projects.models import GRANT_AGREEMENT_PATTERN, Call, Person, Project, ProjectPartner
from projects.services import save_project

from .base import Field, choice, count, date, lower, money, text, upper
from .engine import ModelKind

# A partners cell lists codes (SCHAC code, OID, PIC or Erasmus code) one per line, or
# separated by "|" or ";".
PARTNER_SEPARATORS = re.compile(r"[|;\n]+")
INSTITUTION_CODES = ("schac_code", "oid", "pic", "erasmus_code")
STATUSES = {value: value for value in Project.Status.values} | {
    str(label): value for value, label in Project.Status.choices
}


def partner_codes(value: str) -> list[str]:
    return [code.strip() for code in PARTNER_SEPARATORS.split(value) if code.strip()]


def institutions_by_code() -> dict[str, Institution]:
    found = {}
    for institution in Institution.objects.all():
        for code in INSTITUTION_CODES:
            value = getattr(institution, code)
            if value:
                found[value.lower()] = institution
    return found


class ProjectKind(ModelKind):
    name = "projects"
    model = Project
    key_field = "grant_agreement_number"
    loaded_relations = ("call", "home_unit", "lead_coordinator")
    fields = [
        Field(
            "grant_agreement_number",
            gettext_lazy("grant agreement number"),
            upper,
            ("Grant Agreement No.", "Grant agreement", "GA"),
        ),
        Field("title", gettext_lazy("title (English)"), headers=("Title",), required=True),
        Field("title_nl", gettext_lazy("title (Dutch)"), headers=("Titel",)),
        Field("status", gettext_lazy("status"), choice(STATUSES), ("Status",)),
        Field("start_date", gettext_lazy("start date"), date, ("Start",), required=True),
        Field("end_date", gettext_lazy("end date"), date, ("End",), required=True),
        Field("awarded_budget", gettext_lazy("awarded budget (EUR)"), money, ("Budget",)),
        Field(
            "lead_coordinator",
            gettext_lazy("project coordinator"),
            lower,
            ("Coordinator", "Coordinator email"),
            required=True,
        ),
        Field("home_unit", gettext_lazy("home unit"), text, ("Unit", "Faculty"), required=True),
        Field("partners", gettext_lazy("partners"), partner_codes, ("Partners", "Partner codes")),
    ]

    def prepare(self, context, values_of_rows):
        context.cache["projects"] = {
            p.grant_agreement_number: p
            for p in Project.objects.exclude(grant_agreement_number="").prefetch_related(
                "project_partners"
            )
        }
        context.cache["calls"] = {(c.year, c.action): c for c in Call.objects.all()}
        context.cache["people"] = {
            p.lower_email: p for p in Person.objects.annotate(lower_email=Lower("email"))
        }
        units = {}
        for unit in OrganisationalUnit.objects.filter(institution__is_home=True):
            for name in (unit.name, unit.name_nl, unit.abbreviation):
                if name:
                    units[name.lower()] = unit
        context.cache["units"] = units
        context.cache["institutions"] = institutions_by_code()
        context.cache["slugs"] = set(Project.objects.values_list("slug", flat=True))

    def find(self, context, values, result):
        return context.cache["projects"].get(values.get("grant_agreement_number"))

    def new(self, context, values, result):
        number = values["grant_agreement_number"]
        column = self.column(context, "grant_agreement_number")
        if not re.match(GRANT_AGREEMENT_PATTERN, number):
            result.refuse(
                column, _("Enter a grant agreement number such as 2022-1-NL01-KA171-HED-000012345.")
            )
            return None
        year, _round, _agency, action = number.split("-")[:4]
        call = context.cache["calls"].get((int(year), action))
        if call is None:
            result.refuse(
                column,
                _("The portal has no call %(action)s %(year)s; add the call first.")
                % {"action": action, "year": year},
            )
            return None
        base = slugify(values.get("title") or number)[:70] or "project"
        slug, suffix = base, 2
        while slug in context.cache["slugs"]:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        context.cache["slugs"].add(slug)
        return Project(call=call, slug=slug, grant_agreement_number=number)

    def apply(self, context, instance, values, result):
        if instance is None:
            return []
        plain = {
            name: value
            for name, value in values.items()
            if name not in ("lead_coordinator", "home_unit", "partners")
        }
        set_fields = super().apply(context, instance, plain, result)
        if values.get("lead_coordinator"):
            person = context.cache["people"].get(values["lead_coordinator"])
            if person is None:
                result.refuse(
                    self.column(context, "lead_coordinator"),
                    _("No person in the portal has this email; import the people first."),
                )
            else:
                instance.lead_coordinator = person
                set_fields.append("lead_coordinator")
        if values.get("home_unit"):
            unit = context.cache["units"].get(values["home_unit"].lower())
            if unit is None:
                result.refuse(
                    self.column(context, "home_unit"),
                    _("Our institution has no unit of this name or abbreviation."),
                )
            else:
                instance.home_unit = unit
                set_fields.append("home_unit")
        self._partners(context, instance, values.get("partners") or [], result)
        return set_fields

    def _partners(self, context, instance, codes, result):
        have = (
            {pp.institution_id for pp in instance.project_partners.all()} if instance.pk else set()
        )
        added = []
        for code in codes:
            institution = context.cache["institutions"].get(code.lower())
            if institution is None:
                result.refuse(
                    self.column(context, "partners"),
                    _(
                        "No institution in the portal has the code %(code)s; "
                        "import the partners first."
                    )
                    % {"code": code},
                )
            elif institution.pk not in have and institution not in added:
                added.append(institution)
        result.extra["partners_added"] = added
        if added:
            result.changes.append(
                (
                    str(self.field("partners").label),
                    "",
                    ", ".join(institution.name for institution in added),
                )
            )

    def label(self, instance):
        return f"{instance.grant_agreement_number} {instance.title}"

    def save(self, instance, *, by, result=None):
        added = result.extra.get("partners_added", []) if result else []
        partners = [ProjectPartner(institution=institution) for institution in added]
        for partner in partners:
            partner._change_reason = getattr(instance, "_change_reason", None)
        stored = Project.objects.filter(pk=instance.pk).first() if instance.pk else None
        save_project(
            project=instance,
            co_coordinators=list(stored.co_coordinators.all()) if stored else [],
            subject_areas=list(stored.subject_areas.all()) if stored else [],
            partners=RowChanges(stored=[RowToStore(partner) for partner in partners]),
            by=by,
            based_on_version=stored.version if stored else None,
        )
        return partners


ACTIVITIES = {value: value for value in Activity.values} | {
    f"HE-{value}": value for value in Activity.values
}
DIRECTIONS = {
    "incoming": Direction.INCOMING,
    "in": Direction.INCOMING,
    "outgoing": Direction.OUTGOING,
    "out": Direction.OUTGOING,
}


class GrantLineKind(ModelKind):
    name = "grant_lines"
    model = MobilityGrant
    key_field = "grant_agreement_number"
    loaded_relations = ("project", "partner")
    fields = [
        Field(
            "grant_agreement_number",
            gettext_lazy("grant agreement number"),
            upper,
            ("Grant Agreement No.", "Grant agreement", "GA"),
            required=True,
        ),
        Field(
            "partner", gettext_lazy("partner"), text, ("Partner code", "Institution"), required=True
        ),
        Field(
            "activity", gettext_lazy("activity"), choice(ACTIVITIES), ("Activity",), required=True
        ),
        Field(
            "direction",
            gettext_lazy("direction"),
            choice(DIRECTIONS),
            ("Direction",),
            required=True,
        ),
        Field(
            "mobilities_planned",
            gettext_lazy("number of mobilities"),
            count,
            ("Mobilities",),
            required=True,
        ),
        Field(
            "duration_days",
            gettext_lazy("duration of each (days)"),
            count,
            ("Days", "Duration"),
            required=True,
        ),
        Field("amount_awarded", gettext_lazy("amount awarded (EUR)"), money, ("Amount", "Awarded")),
    ]

    def key(self, values):
        parts = [
            values.get(name) or ""
            for name in ("grant_agreement_number", "partner", "activity", "direction")
        ]
        return " ".join(parts) if all(parts) else ""

    def prepare(self, context, values_of_rows):
        context.cache["projects"] = {
            p.grant_agreement_number: p
            for p in Project.objects.exclude(grant_agreement_number="").prefetch_related(
                "project_partners"
            )
        }
        context.cache["institutions"] = institutions_by_code()
        context.cache["lines"] = {
            (line.project_id, line.partner_id, line.activity, line.direction): line
            for line in MobilityGrant.objects.all()
        }

    def find(self, context, values, result):
        project = context.cache["projects"].get(values["grant_agreement_number"])
        if project is None:
            result.refuse(
                self.column(context, "grant_agreement_number"),
                _("No project has this grant agreement number."),
            )
            return None
        partner = context.cache["institutions"].get(values["partner"].lower())
        if partner is None:
            result.refuse(
                self.column(context, "partner"),
                _("No institution in the portal has this code; import the partners first."),
            )
            return None
        if partner.pk not in {pp.institution_id for pp in project.project_partners.all()}:
            result.refuse(
                self.column(context, "partner"),
                _("This institution is not a partner of the project."),
            )
            return None
        result.extra["project"], result.extra["partner"] = project, partner
        return context.cache["lines"].get(
            (project.pk, partner.pk, values["activity"], values["direction"])
        )

    def new(self, context, values, result):
        return MobilityGrant(project=result.extra["project"], partner=result.extra["partner"])

    def apply(self, context, instance, values, result):
        plain = {
            name: value
            for name, value in values.items()
            if name not in ("grant_agreement_number", "partner")
        }
        return super().apply(context, instance, plain, result)

    def label(self, instance):
        return f"{instance.activity} {instance.get_direction_display()}, {instance.partner.name}"

    def save(self, instance, *, by, result=None):
        instance.save()
