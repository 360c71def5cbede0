from django.urls import path, register_converter

from .exports import ExportFormatConverter
from .views import dashboard, deadlines, mobility, offers, partners, people, projects

app_name = "workspace"

register_converter(ExportFormatConverter, "export_format")

urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    # Projects
    path("projects/", projects.ProjectListView.as_view(), name="project-list"),
    path(
        "projects/export.<export_format:export_format>",
        projects.ProjectListView.as_view(),
        name="project-export",
    ),
    path("projects/new/", projects.ProjectCreateView.as_view(), name="project-create"),
    path("projects/<int:pk>/", projects.ProjectDetailView.as_view(), name="project-detail"),
    path("projects/<int:pk>/edit/", projects.ProjectUpdateView.as_view(), name="project-update"),
    path("projects/<int:pk>/delete/", projects.ProjectDeleteView.as_view(), name="project-delete"),
    path(
        "projects/<int:pk>/history/",
        projects.ProjectHistoryView.as_view(),
        name="project-history",
    ),
    path(
        "projects/<int:project_pk>/mobilities/new/",
        mobility.MobilityCreateView.as_view(),
        name="mobility-create",
    ),
    # Partner institutions
    path("partners/", partners.InstitutionListView.as_view(), name="institution-list"),
    path(
        "partners/export.<export_format:export_format>",
        partners.InstitutionListView.as_view(),
        name="institution-export",
    ),
    path("partners/new/", partners.InstitutionCreateView.as_view(), name="institution-create"),
    path(
        "partners/<int:pk>/",
        partners.InstitutionDetailView.as_view(),
        name="institution-detail",
    ),
    path(
        "partners/<int:pk>/edit/",
        partners.InstitutionUpdateView.as_view(),
        name="institution-update",
    ),
    path(
        "partners/<int:pk>/delete/",
        partners.InstitutionDeleteView.as_view(),
        name="institution-delete",
    ),
    path(
        "partners/<int:pk>/history/",
        partners.InstitutionHistoryView.as_view(),
        name="institution-history",
    ),
    # Coordinators and contact persons
    path("people/", people.PersonListView.as_view(), name="person-list"),
    path(
        "people/export.<export_format:export_format>",
        people.PersonListView.as_view(),
        name="person-export",
    ),
    path("people/new/", people.PersonCreateView.as_view(), name="person-create"),
    path("people/<int:pk>/", people.PersonDetailView.as_view(), name="person-detail"),
    path("people/<int:pk>/edit/", people.PersonUpdateView.as_view(), name="person-update"),
    path("people/<int:pk>/delete/", people.PersonDeleteView.as_view(), name="person-delete"),
    # Mobilities
    path("mobilities/", mobility.MobilityListView.as_view(), name="mobility-list"),
    path(
        "mobilities/export.<export_format:export_format>",
        mobility.MobilityListView.as_view(),
        name="mobility-export",
    ),
    path("mobilities/<int:pk>/", mobility.MobilityDetailView.as_view(), name="mobility-detail"),
    path(
        "mobilities/<int:pk>/edit/",
        mobility.MobilityUpdateView.as_view(),
        name="mobility-update",
    ),
    path(
        "mobilities/<int:pk>/delete/",
        mobility.MobilityDeleteView.as_view(),
        name="mobility-delete",
    ),
    path(
        "mobilities/<int:pk>/history/",
        mobility.MobilityHistoryView.as_view(),
        name="mobility-history",
    ),
    # Deadlines
    path("deadlines/", deadlines.DeadlineListView.as_view(), name="deadline-list"),
    path(
        "deadlines/export.<export_format:export_format>",
        deadlines.DeadlineListView.as_view(),
        name="deadline-export",
    ),
    path("deadlines/<int:pk>/done/", deadlines.DeadlineDoneView.as_view(), name="deadline-done"),
    # Exchange offers and the interest registered in them
    path("offers/", offers.ExchangeOfferListView.as_view(), name="offer-list"),
    path(
        "offers/export.<export_format:export_format>",
        offers.ExchangeOfferListView.as_view(),
        name="offer-export",
    ),
    path("offers/new/", offers.ExchangeOfferCreateView.as_view(), name="offer-create"),
    path("offers/<int:pk>/", offers.ExchangeOfferDetailView.as_view(), name="offer-detail"),
    path("offers/<int:pk>/edit/", offers.ExchangeOfferUpdateView.as_view(), name="offer-update"),
    path("offers/<int:pk>/delete/", offers.ExchangeOfferDeleteView.as_view(), name="offer-delete"),
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
]
