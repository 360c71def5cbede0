from django.urls import path

from applications.urls import public_urlpatterns as application_urlpatterns
from applications.views.applicant import ApplyView

from . import views

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    path(
        "projects/<slug:slug>/",
        views.ProjectDetailView.as_view(),
        name="project-detail",
    ),
    path("calls/<slug:slug>/", views.CallRoundView.as_view(), name="call-round"),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path(
        "countries/<slug:code>/",
        views.CountryDetailView.as_view(),
        name="country-detail",
    ),
    path("offers/", views.OfferListView.as_view(), name="offer-list"),
    path(
        "offers/<slug:slug>/",
        views.OfferDetailView.as_view(),
        name="offer-detail",
    ),
    path(
        "offers/<slug:slug>/register/",
        views.RegisterInterestView.as_view(),
        name="offer-register",
    ),
    path(
        "offers/<slug:slug>/registered/",
        views.RegistrationConfirmationView.as_view(),
        name="registration-confirmation",
    ),
    path("offers/<slug:slug>/apply/", ApplyView.as_view(), name="offer-apply"),
    *application_urlpatterns,
    path("registration/<str:token>/", views.RegistrationView.as_view(), name="registration"),
    path(
        "registration/<str:token>/renew/",
        views.RegistrationRenewView.as_view(),
        name="registration-renew",
    ),
]
