"""Read-side queries for the public site: public projects and published offers, already joined.

A project is public when it is awarded, running or closed; an offer when it is published
under a public project. Every page's query count is constant in the number of rows. The
offers' own queries (published, public, open) are mobility.selectors', used from here.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Sum, When
from django_countries import countries

from mobility.eligibility import quote_problems
from mobility.grants import quote_for_partner
from mobility.models import ExchangeOffer, MobilityGrant
from mobility.rates import GrantCalculationError, rate_table_for
from mobility.search import SEARCH_FIELDS
from mobility.selectors import open_offers, public_offers, published_offers
from partners.models import Institution
from projects.models import Call, Project, ProjectPartner, SubjectArea

from . import regions


@dataclass(frozen=True)
class CountrySummary:
    code: str
    name: str
    region: regions.Region | None
    project_count: int
    offer_count: int

    @property
    def slug(self) -> str:
        return self.code.lower()


@dataclass(frozen=True)
class CatalogueChoices:
    """What the catalogue filters offer, as (value, label) choices: only values that
    published offers use."""

    countries: list[tuple[str, str]]
    institutions: list[tuple[str, str]]
    subject_areas: list[tuple[str, str]]


@dataclass(frozen=True)
class CallRound:
    """The public projects of one call, as its results are announced: how many, the amount
    awarded, the students and staff the grant lines plan for, and the partners' countries."""

    call: Call
    projects: list[Project]
    awarded: Decimal
    participants: int
    countries: list[tuple[str, str]]

    @property
    def about_awarded(self) -> int:
        """The amount awarded to two significant figures (452,142 is about 450,000)."""
        if not self.awarded:
            return 0
        digits = len(str(int(self.awarded)))
        return int(round(self.awarded, 2 - digits))

    @property
    def slug(self) -> str:
        return call_round_slug(self.call)


def call_round_slug(call: Call) -> str:
    return f"{call.action.lower()}-{call.year}"


def call_round(*, slug: str) -> CallRound | None:
    """The round of the call named by the slug (ka171-2022); None when it has no public project."""
    action, _dash, year = slug.partition("-")
    if not year.isdigit():
        return None
    projects = list(
        public_projects()
        .filter(call__action=action.upper(), call__year=int(year))
        .order_by("title")
    )
    if not projects:
        return None
    participants = MobilityGrant.objects.filter(project__in=projects).aggregate(
        total=Sum("mobilities_planned")
    )["total"]
    codes = {
        partner.institution.country.code
        for project in projects
        for partner in project.project_partners.all()
    }
    return CallRound(
        call=projects[0].call,
        projects=projects,
        awarded=sum((project.awarded_budget for project in projects), Decimal("0.00")),
        participants=participants or 0,
        countries=sorted(((code, str(countries.name(code))) for code in codes), key=_by_name),
    )


def call_rounds() -> QuerySet[Call]:
    """The calls with public projects, newest first, with how many as project_count."""
    return (
        Call.objects.filter(projects__status__in=Project.PUBLIC_STATUSES)
        .annotate(project_count=Count("projects"))
        .order_by("-year", "action")
    )


def public_projects() -> QuerySet[Project]:
    """Projects the public may read (awarded, running or closed), with what their cards show."""
    return (
        Project.objects.filter(status__in=Project.PUBLIC_STATUSES)
        .select_related("call", "home_unit", "lead_coordinator")
        .prefetch_related(
            Prefetch(
                "project_partners",
                queryset=ProjectPartner.objects.select_related("institution"),
            )
        )
    )


def project_directory(*, region: str = "") -> QuerySet[Project]:
    projects = public_projects()
    if region:
        projects = projects.filter(
            pk__in=ProjectPartner.objects.filter(
                institution__country__in=regions.countries_in(region)
            ).values("project")
        )
    return projects


def project_page(*, today: datetime.date) -> QuerySet[Project]:
    """Public projects with everything their page shows, the open offers as open_offers."""
    return public_projects().prefetch_related(
        "co_coordinators",
        "subject_areas",
        Prefetch(
            "offers",
            queryset=open_offers(today=today).order_by("application_deadline", "title"),
            to_attr="open_offers",
        ),
    )


def country_summaries() -> list[CountrySummary]:
    """The countries of public projects' partners, named in the active language."""
    project_counts = dict(
        ProjectPartner.objects.filter(project__status__in=Project.PUBLIC_STATUSES)
        .values_list("institution__country")
        .annotate(count=Count("project", distinct=True))
        .order_by()
    )
    offer_counts = dict(
        published_offers().values_list("partner__country").annotate(count=Count("pk")).order_by()
    )
    summaries = [
        CountrySummary(
            code=code,
            name=str(countries.name(code)),
            region=regions.region_of(code),
            project_count=project_counts.get(code, 0),
            offer_count=offer_counts.get(code, 0),
        )
        for code in set(project_counts) | set(offer_counts)
    ]
    return sorted(summaries, key=lambda summary: summary.name)


def country_projects(*, country: str) -> QuerySet[Project]:
    return public_projects().filter(
        pk__in=ProjectPartner.objects.filter(institution__country=country).values("project")
    )


def country_partners(*, country: str) -> QuerySet[Institution]:
    return Institution.objects.filter(
        country=country,
        pk__in=ProjectPartner.objects.filter(project__status__in=Project.PUBLIC_STATUSES).values(
            "institution"
        ),
    ).order_by("name")


def catalogue_choices() -> CatalogueChoices:
    """Three queries, whatever the number of offers."""
    offers = published_offers()
    codes = offers.values_list("partner__country", flat=True).order_by().distinct()
    return CatalogueChoices(
        countries=sorted(((code, str(countries.name(code))) for code in codes), key=_by_name),
        institutions=[
            (str(institution.pk), institution.name)
            for institution in Institution.objects.filter(pk__in=offers.values("partner"))
            .only("name")
            .order_by("name")
        ],
        subject_areas=sorted(
            (
                (str(area.pk), str(area))
                for area in SubjectArea.objects.filter(pk__in=offers.values("subject_area"))
            ),
            key=_by_name,
        ),
    )


def _by_name(choice: tuple[str, str]) -> str:
    return choice[1]


CARD_FIELDS = (
    "slug",
    "title",
    "title_nl",
    "activity",
    "level",
    "duration_days",
    "places",
    "application_deadline",
    "partner__name",
    "partner__city",
    "partner__country",
)


def catalogue_offers(
    *,
    today: datetime.date,
    country: str = "",
    region: str = "",
    institution_id: int | None = None,
    activity: str = "",
    level: str = "",
    subject_area_id: int | None = None,
    include_closed: bool = False,
    query: str = "",
    newest_deadline_first: bool = False,
) -> QuerySet[ExchangeOffer]:
    """Published offers matching the catalogue's filters, with what their cards show.

    Offers open for interest, nearest application deadline first (or latest first); with
    include_closed the closed ones follow them, most recently closed first.
    """
    # Only what an offer's card shows (public/_offer_card.html): the sort then holds narrow
    # rows, in memory, however many offers match.
    offers = public_offers(today=today).select_related(None).select_related("partner")
    offers = offers.only(*CARD_FIELDS)
    if country:
        offers = offers.filter(partner__country=country)
    if region:
        offers = offers.filter(partner__country__in=regions.countries_in(region))
    if institution_id is not None:
        offers = offers.filter(partner_id=institution_id)
    if activity:
        offers = offers.filter(activity=activity)
    if level:
        offers = offers.filter(level=level)
    if subject_area_id is not None:
        offers = offers.filter(subject_area_id=subject_area_id)
    if not include_closed:
        offers = offers.filter(is_open=True)
    if query:
        offers = search_offers(offers, query=query)
    if newest_deadline_first:
        deadline = F("application_deadline").desc()
    else:
        # Open offers by the nearest deadline; closed ones (no value here) after them.
        deadline = Case(When(is_open=True, then=F("application_deadline"))).asc(nulls_last=True)
    return offers.order_by(
        F("is_open").desc(), deadline, F("application_deadline").desc(), "title", "pk"
    )


def search_offers(
    offers: QuerySet[ExchangeOffer], *, query: str, vendor: str | None = None
) -> QuerySet[ExchangeOffer]:
    """Web-search syntax ("quoted phrase", -word, or) with English or Dutch stemming on
    PostgreSQL; elsewhere every word contained in some field."""
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        # The documents PostgreSQL keeps (mobility.search), read through their GIN indexes.
        return offers.filter(
            Q(search_en=SearchQuery(query, search_type="websearch", config="english"))
            | Q(search_nl=SearchQuery(query, search_type="websearch", config="dutch"))
        )
    for word in query.split():
        matches = Q()
        for field in SEARCH_FIELDS:
            matches |= Q(**{f"{field}__icontains": word})
        offers = offers.filter(matches)
    return offers


@dataclass(frozen=True)
class OfferGrant:
    """The EU grant of a stay as the offer describes it: its duration from the earliest
    start, on the rates of its project's call."""

    days: int
    individual_support: Decimal
    travel_support: Decimal

    @property
    def total(self) -> Decimal:
        return self.individual_support + self.travel_support


def offer_grant(offer: ExchangeOffer) -> OfferGrant | None:
    """None when the rates cannot tell (no rate table for the call, no institution marked as
    ours) or when the offer's duration breaks its call's rules: the page then says nothing of
    money rather than something wrong."""
    call = offer.project.call
    start = offer.period_start
    try:
        table = rate_table_for(call_year=call.year, action=call.action)
        quote = quote_for_partner(
            partner=offer.partner,
            call_year=call.year,
            action=call.action,
            activity=offer.activity,
            direction=offer.direction,
            start=start,
            end=start + datetime.timedelta(days=offer.duration_days - 1),
            rate_table=table,
        )
    except GrantCalculationError:
        return None
    if quote_problems(quote, rate_table=table):
        return None
    return OfferGrant(offer.duration_days, quote.individual_support, quote.travel_support)
