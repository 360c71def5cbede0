"""Exchange offers, found by their slug (the address of their public page), under the
project of their grant agreement number and a partner of that project."""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobility.models import Activity, Direction, ExchangeOffer, Level
from mobility.services import save_offer
from projects.models import Project

from .base import Field, boolean, choice, count, date, text, upper
from .engine import ModelKind
from .projects import institutions_by_code

ACTIVITIES = {value: value for value in Activity.values} | {
    f"HE-{value}": value for value in Activity.values
}
DIRECTIONS = {value: value for value in Direction.values} | {"in": "incoming", "out": "outgoing"}
LEVELS = {value: value for value in Level.values} | {"PhD": Level.DOCTORAL}


def slug(value: str) -> str:
    return slugify(value)[:80]


class OfferKind(ModelKind):
    name = "offers"
    model = ExchangeOffer
    key_field = "slug"
    loaded_relations = ("project", "partner")
    fields = [
        Field("slug", gettext_lazy("slug"), slug, ("Slug", "Address")),
        Field(
            "grant_agreement_number",
            gettext_lazy("grant agreement number"),
            upper,
            ("Grant Agreement No.", "GA"),
            required=True,
        ),
        Field("partner", gettext_lazy("partner"), text, ("Partner code",), required=True),
        Field("title", gettext_lazy("title (English)"), headers=("Title",), required=True),
        Field("title_nl", gettext_lazy("title (Dutch)"), headers=("Titel",)),
        Field(
            "description",
            gettext_lazy("description (English)"),
            headers=("Description",),
            required=True,
        ),
        Field("description_nl", gettext_lazy("description (Dutch)"), headers=("Beschrijving",)),
        Field(
            "activity", gettext_lazy("activity"), choice(ACTIVITIES), ("Activity",), required=True
        ),
        Field("direction", gettext_lazy("direction"), choice(DIRECTIONS), ("Direction",)),
        Field("level", gettext_lazy("level"), choice(LEVELS), ("Level",), required=True),
        Field("places", gettext_lazy("places"), count, ("Places",), required=True),
        Field(
            "duration_days",
            gettext_lazy("duration (days)"),
            count,
            ("Days", "Duration"),
            required=True,
        ),
        Field(
            "period_start", gettext_lazy("earliest start"), date, ("Earliest start",), required=True
        ),
        Field("period_end", gettext_lazy("latest end"), date, ("Latest end",), required=True),
        Field("eligibility", gettext_lazy("eligibility (English)"), headers=("Eligibility",)),
        Field("eligibility_nl", gettext_lazy("eligibility (Dutch)")),
        Field(
            "application_deadline",
            gettext_lazy("application deadline"),
            date,
            ("Deadline",),
            required=True,
        ),
        Field("is_published", gettext_lazy("published"), boolean, ("Published",)),
    ]

    def key(self, values):
        return values.get("slug") or slug(values.get("title") or "")

    def prepare(self, context, values_of_rows):
        context.cache["projects"] = {
            p.grant_agreement_number: p
            for p in Project.objects.exclude(grant_agreement_number="").prefetch_related(
                "project_partners"
            )
        }
        context.cache["institutions"] = institutions_by_code()
        keys = [self.key(values) for values in values_of_rows]
        context.cache["offers"] = {
            offer.slug: offer for offer in ExchangeOffer.objects.filter(slug__in=keys)
        }

    def find(self, context, values, result):
        project = context.cache["projects"].get(values.get("grant_agreement_number") or "")
        partner = context.cache["institutions"].get((values.get("partner") or "").lower())
        if values.get("grant_agreement_number") and project is None:
            result.refuse(
                self.column(context, "grant_agreement_number"),
                _("No project has this grant agreement number."),
            )
        if values.get("partner") and partner is None:
            result.refuse(
                self.column(context, "partner"),
                _("No institution in the portal has this code; import the partners first."),
            )
        elif (
            project is not None
            and partner is not None
            and partner.pk not in {pp.institution_id for pp in project.project_partners.all()}
        ):
            result.refuse(
                self.column(context, "partner"),
                _("This institution is not a partner of the project."),
            )
        result.extra["project"], result.extra["partner"] = project, partner
        return context.cache["offers"].get(result.key)

    def new(self, context, values, result):
        return ExchangeOffer(slug=result.key)

    def apply(self, context, instance, values, result):
        plain = {
            name: value
            for name, value in values.items()
            if name not in ("grant_agreement_number", "partner", "slug")
        }
        set_fields = super().apply(context, instance, plain, result)
        for name in ("project", "partner"):
            if result.extra.get(name) is not None:
                setattr(instance, name, result.extra[name])
                set_fields.append(name)
        return set_fields

    def label(self, instance):
        return instance.title

    def save(self, instance, *, by, result=None):
        save_offer(offer=instance, by=by)
