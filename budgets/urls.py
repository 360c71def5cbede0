from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("calculator/", views.CalculatorView.as_view(), name="calculator"),
    path("projects/<slug:slug>/", views.ProjectBudgetView.as_view(), name="project-budget"),
    path("projects/<slug:slug>/export/", views.ProjectExportView.as_view(), name="project-export"),
    path(
        "projects/<slug:slug>/export.csv",
        views.ProjectExportDownloadView.as_view(),
        {"export_format": "csv"},
        name="project-export-csv",
    ),
    path(
        "projects/<slug:slug>/export.xlsx",
        views.ProjectExportDownloadView.as_view(),
        {"export_format": "xlsx"},
        name="project-export-xlsx",
    ),
    path(
        "projects/<slug:slug>/export.xml",
        views.ProjectExportDownloadView.as_view(),
        {"export_format": "xml"},
        name="project-export-xml",
    ),
    path("institutions.xml", views.InstitutionsXmlView.as_view(), name="institutions-xml"),
    path("rates/", views.RateTableListView.as_view(), name="rate-table-list"),
    path("rates/new/", views.RateTableCreateView.as_view(), name="rate-table-create"),
    path("rates/<int:pk>/", views.RateTableDetailView.as_view(), name="rate-table-detail"),
    path("rates/<int:pk>/edit/", views.RateTableEditView.as_view(), name="rate-table-edit"),
    path(
        "rates/<int:pk>/recalculate/",
        views.RateTableRecalculateView.as_view(),
        name="rate-table-recalculate",
    ),
    path("mobilities/<int:pk>/grant/", views.MobilityGrantView.as_view(), name="mobility-grant"),
]
