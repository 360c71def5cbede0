"""Reads of agreements: the workspace list, a partner's own rows, and whether a mobility is
covered by a signed agreement."""

import datetime

from django.db.models import Case, Count, QuerySet, When
from django.utils.translation import gettext as _

from accounts.rules import is_iro_staff, person_of
from mobility import history
from mobility.models import Mobility
from partners.models import Contact, Institution

from .models import Agreement, Nomination, academic_year_label

# The academic year starts in September: a mobility starting in August belongs to the year
# before.
ACADEMIC_YEAR_FIRST_MONTH = 9


def academic_year_of(day: datetime.date) -> int:
    """The year the academic year of a date starts: 2026-03-01 → 2025 (2025/2026)."""
    return day.year if day.month >= ACADEMIC_YEAR_FIRST_MONTH else day.year - 1


def agreement_list() -> QuerySet[Agreement]:
    # Counting conditions groups the rows, and grouped rows ignore the model's ordering.
    return (
        Agreement.objects.select_related("partner")
        .annotate(condition_count=Count("conditions"))
        .order_by(*Agreement._meta.ordering)
    )


def agreements_for_user(user) -> QuerySet[Agreement]:
    """The agreements the user may read: all for the office, else those with the partners of
    the projects they coordinate."""
    agreements = agreement_list()
    if is_iro_staff(user):
        return agreements
    person = person_of(user)
    if person is None:
        return agreements.none()
    partners = Institution.objects.filter(
        project_roles__project__lead_coordinator=person
    ) | Institution.objects.filter(project_roles__project__co_coordinators=person)
    return agreements.filter(partner__in=partners.values("pk"))


def agreement_page() -> QuerySet[Agreement]:
    return Agreement.objects.select_related("partner").prefetch_related("conditions")


def institution_contact_records(institution_pk: int) -> list:
    """The history records of an institution's contact persons, deleted ones included."""
    return history.load(Contact.history.model.objects.filter(institution_id=institution_pk))


def home_institution() -> Institution | None:
    return Institution.objects.filter(is_home=True).first()


def mobility_agreement_warning(mobility: Mobility) -> str:
    """Why the mobility lies outside a signed agreement with its partner; "" when covered.

    Covered: an agreement signed by both, with the mobility's partner, whose academic years
    hold the year the mobility starts in, with a cooperation condition for its direction and
    activity."""
    year = academic_year_of(mobility.start)
    signed = list(
        Agreement.objects.filter(
            partner_id=mobility.partner_id, status=Agreement.Status.SIGNED_BY_BOTH
        ).prefetch_related("conditions")
    )
    if not signed:
        return _("There is no agreement signed by both partners with %(partner)s.") % {
            "partner": mobility.partner.name
        }
    in_year = [agreement for agreement in signed if agreement.covers_year(year)]
    if not in_year:
        return _("No agreement signed by both partners covers the academic year %(year)s.") % {
            "year": academic_year_label(year)
        }
    for agreement in in_year:
        for condition in agreement.conditions.all():
            if (
                condition.direction == mobility.direction
                and condition.mobility_type == mobility.activity
            ):
                return ""
    return _(
        "The signed agreement for %(year)s has no cooperation condition for this direction "
        "and activity."
    ) % {"year": academic_year_label(year)}


# The partner's own pages -----------------------------------------------------------------


def partner_agreements(institution: Institution) -> QuerySet[Agreement]:
    return Agreement.objects.filter(partner=institution).prefetch_related("conditions")


def partner_outgoing_mobilities(institution: Institution) -> QuerySet[Mobility]:
    """Our outgoing participants to the institution, with the partner's answer if any."""
    return (
        Mobility.objects.filter(partner=institution, direction="outgoing")
        .exclude(status=Mobility.Status.CANCELLED)
        .select_related("project", "partner_response")
        .order_by("planned_start", "last_name")
    )


def partner_nominations(institution: Institution) -> QuerySet[Nomination]:
    return Nomination.objects.filter(partner=institution).select_related("project")


def nomination_list() -> QuerySet[Nomination]:
    return (
        Nomination.objects.select_related("project__call", "partner", "nominated_by", "mobility")
        .prefetch_related("documents")
        .order_by(
            Case(When(status=Nomination.Status.PENDING, then=0), default=1), "-created_at", "-pk"
        )
    )
