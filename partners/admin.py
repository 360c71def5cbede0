from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contact, Institution, OrganisationalUnit


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class OrganisationalUnitInline(admin.TabularInline):
    model = OrganisationalUnit
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "country",
        "city",
        "schac_code",
        "erasmus_code",
        "pic",
        "oid",
        "is_home",
    ]
    list_filter = ["is_home", "country"]
    search_fields = ["name", "name_local", "city", "schac_code", "erasmus_code", "pic", "oid"]
    inlines = [OrganisationalUnitInline, ContactInline]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "institution", "position", "email"]
    list_select_related = ["institution"]
    search_fields = ["name", "email", "institution__name"]
    autocomplete_fields = ["institution"]


@admin.register(OrganisationalUnit)
class OrganisationalUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "institution"]
    list_select_related = ["institution"]
    search_fields = ["name", "abbreviation"]
