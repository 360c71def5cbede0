from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    EligibilityRule,
    ExchangeOffer,
    IndividualSupportRate,
    InterestRegistration,
    Mobility,
    MobilityGrant,
    RateTable,
    TravelBand,
    VirtualActivity,
)


@admin.register(MobilityGrant)
class MobilityGrantAdmin(SimpleHistoryAdmin):
    list_display = [
        "project",
        "activity",
        "direction",
        "partner",
        "mobilities_planned",
        "duration_days",
        "amount_awarded",
    ]
    list_filter = ["activity", "direction"]
    list_select_related = ["project", "partner"]
    search_fields = ["project__title", "partner__name"]
    autocomplete_fields = ["project", "partner"]


@admin.register(Mobility)
class MobilityAdmin(SimpleHistoryAdmin):
    list_display = [
        "last_name",
        "first_name",
        "activity",
        "direction",
        "partner",
        "project",
        "planned_start",
        "planned_end",
        "status",
    ]
    list_filter = ["status", "activity", "direction"]
    list_select_related = ["project", "partner"]
    search_fields = ["first_name", "last_name", "email", "project__title", "partner__name"]
    autocomplete_fields = ["project", "partner"]
    date_hierarchy = "planned_start"


class InterestRegistrationInline(admin.TabularInline):
    model = InterestRegistration
    extra = 0
    fields = ["name", "email", "level", "status", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(ExchangeOffer)
class ExchangeOfferAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "project",
        "partner",
        "activity",
        "level",
        "places",
        "application_deadline",
        "is_published",
    ]
    list_filter = ["is_published", "activity", "level"]
    list_select_related = ["project", "partner"]
    search_fields = ["title", "title_nl", "project__title", "partner__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["project", "partner"]
    inlines = [InterestRegistrationInline]


@admin.register(InterestRegistration)
class InterestRegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "offer", "level", "status", "created_at"]
    list_filter = ["status", "level"]
    list_select_related = ["offer"]
    search_fields = ["name", "email", "offer__title"]


@admin.register(VirtualActivity)
class VirtualActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "start_date", "end_date", "participants"]
    list_select_related = ["project"]


class IndividualSupportRateInline(admin.TabularInline):
    model = IndividualSupportRate
    extra = 0


class TravelBandInline(admin.TabularInline):
    model = TravelBand
    extra = 0


class EligibilityRuleInline(admin.TabularInline):
    model = EligibilityRule
    extra = 0


@admin.register(RateTable)
class RateTableAdmin(SimpleHistoryAdmin):
    list_display = ["call_year", "action", "organisational_support", "updated_at"]
    list_filter = ["action"]
    search_fields = ["call_year", "notes"]
    inlines = [IndividualSupportRateInline, TravelBandInline, EligibilityRuleInline]


@admin.register(IndividualSupportRate)
class IndividualSupportRateAdmin(SimpleHistoryAdmin):
    list_display = ["rate_table", "category", "direction", "host_countries", "amount"]
    list_filter = ["category", "direction", "rate_table__action"]
    list_select_related = ["rate_table"]


@admin.register(TravelBand)
class TravelBandAdmin(SimpleHistoryAdmin):
    list_display = ["rate_table", "min_km", "amount", "green_amount"]
    list_select_related = ["rate_table"]


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(SimpleHistoryAdmin):
    list_display = ["rate_table", "activity", "unit", "min_duration", "max_duration"]
    list_filter = ["activity", "unit", "rate_table__action"]
    list_select_related = ["rate_table"]
