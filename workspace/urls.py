from django.urls import path, register_converter

from .exports import ExportFormatConverter
from .views import (
    accounts,
    calls,
    dashboard,
    deadlines,
    deleted,
    mobility,
    offers,
    partners,
    people,
    projects,
    research_fields,
    virtual_activities,
)

app_name = "workspace"

register_converter(ExportFormatConverter, "export_format")


def pages(prefix: str, name: str, *, list_view, **views) -> list:
    """The usual pages of one kind of thing: <prefix>/ (the list), its export, and those of
    new/, <pk>/, <pk>/edit/, <pk>/delete/ and <pk>/history/ given as views."""
    routes = {
        "create": ("new/", "create"),
        "detail": ("<int:pk>/", "detail"),
        "update": ("<int:pk>/edit/", "update"),
        "delete": ("<int:pk>/delete/", "delete"),
        "history": ("<int:pk>/history/", "history"),
    }
    patterns = [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}-list"),
        path(
            f"{prefix}/export.<export_format:export_format>",
            list_view.as_view(),
            name=f"{name}-export",
        ),
    ]
    for key, view in views.items():
        route, suffix = routes[key]
        patterns.append(path(f"{prefix}/{route}", view.as_view(), name=f"{name}-{suffix}"))
    return patterns


urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    *pages(
        "projects",
        "project",
        list_view=projects.ProjectListView,
        create=projects.ProjectCreateView,
        detail=projects.ProjectDetailView,
        update=projects.ProjectUpdateView,
        delete=projects.ProjectDeleteView,
        history=projects.ProjectHistoryView,
    ),
    path(
        "projects/<int:project_pk>/mobilities/new/",
        mobility.MobilityCreateView.as_view(),
        name="mobility-create",
    ),
    *pages(
        "partners",
        "institution",
        list_view=partners.InstitutionListView,
        create=partners.InstitutionCreateView,
        detail=partners.InstitutionDetailView,
        update=partners.InstitutionUpdateView,
        delete=partners.InstitutionDeleteView,
        history=partners.InstitutionHistoryView,
    ),
    path(
        "partners/<int:pk>/grants/",
        partners.InstitutionReportedGrantsView.as_view(),
        name="institution-grants",
    ),
    *pages(
        "people",
        "person",
        list_view=people.PersonListView,
        create=people.PersonCreateView,
        detail=people.PersonDetailView,
        update=people.PersonUpdateView,
        delete=people.PersonDeleteView,
        history=people.PersonHistoryView,
    ),
    # New mobilities are added under their project (above).
    *pages(
        "mobilities",
        "mobility",
        list_view=mobility.MobilityListView,
        detail=mobility.MobilityDetailView,
        update=mobility.MobilityUpdateView,
        delete=mobility.MobilityDeleteView,
        history=mobility.MobilityHistoryView,
    ),
    # Deadlines are edited with their project; here they are listed and marked done.
    *pages("deadlines", "deadline", list_view=deadlines.DeadlineListView),
    path("deadlines/<int:pk>/done/", deadlines.DeadlineDoneView.as_view(), name="deadline-done"),
    *pages(
        "offers",
        "offer",
        list_view=offers.ExchangeOfferListView,
        create=offers.ExchangeOfferCreateView,
        detail=offers.ExchangeOfferDetailView,
        update=offers.ExchangeOfferUpdateView,
        delete=offers.ExchangeOfferDeleteView,
        history=offers.ExchangeOfferHistoryView,
    ),
    path(
        "offers/<int:pk>/registrations.<export_format:export_format>",
        offers.RegistrationExportView.as_view(),
        name="offer-registrations-export",
    ),
    path(
        "registrations/<int:pk>/status/",
        offers.RegistrationStatusView.as_view(),
        name="registration-status",
    ),
    # The office's reference data, logins and deleted items.
    *pages(
        "calls",
        "call",
        list_view=calls.CallListView,
        create=calls.CallCreateView,
        detail=calls.CallDetailView,
        update=calls.CallUpdateView,
        delete=calls.CallDeleteView,
        history=calls.CallHistoryView,
    ),
    *pages(
        "research-fields",
        "subject-area",
        list_view=research_fields.SubjectAreaListView,
        create=research_fields.SubjectAreaCreateView,
        detail=research_fields.SubjectAreaDetailView,
        update=research_fields.SubjectAreaUpdateView,
        delete=research_fields.SubjectAreaDeleteView,
        history=research_fields.SubjectAreaHistoryView,
    ),
    *pages(
        "virtual-activities",
        "virtual-activity",
        list_view=virtual_activities.VirtualActivityListView,
        create=virtual_activities.VirtualActivityCreateView,
        detail=virtual_activities.VirtualActivityDetailView,
        update=virtual_activities.VirtualActivityUpdateView,
        delete=virtual_activities.VirtualActivityDeleteView,
        history=virtual_activities.VirtualActivityHistoryView,
    ),
    *pages(
        "logins", "account", list_view=accounts.AccountListView, create=accounts.AccountCreateView
    ),
    path("logins/<int:pk>/staff/", accounts.AccountStaffView.as_view(), name="account-staff"),
    path("logins/<int:pk>/active/", accounts.AccountActiveView.as_view(), name="account-active"),
    path("deleted/", deleted.DeletedItemsView.as_view(), name="deleted-list"),
    path(
        "deleted/<slug:kind>/<int:history_id>/restore/",
        deleted.RestoreView.as_view(),
        name="deleted-restore",
    ),
]
