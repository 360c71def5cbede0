from django.urls import path

from .views import applicant, office

app_name = "applications"

# The applicant's pages, added to the public site's patterns (under /en/ and /nl/).
public_urlpatterns = [
    path("applications/", applicant.MyApplicationsView.as_view(), name="my-applications"),
    path(
        "applications/sign-in/<str:token>/",
        applicant.SignInView.as_view(),
        name="application-sign-in",
    ),
    path(
        "applications/sign-in/<str:token>/renew/",
        applicant.RenewLinkView.as_view(),
        name="application-renew",
    ),
    path("applications/<int:pk>/", applicant.ApplicationFormView.as_view(), name="application"),
    path(
        "applications/<int:pk>/withdraw/",
        applicant.WithdrawView.as_view(),
        name="application-withdraw",
    ),
    path(
        "applications/documents/<int:pk>/",
        applicant.DocumentDownloadView.as_view(),
        name="application-document",
    ),
]

urlpatterns = [
    path("", office.OfferListView.as_view(), name="offer-list"),
    path("offers/<int:pk>/", office.OfferApplicationsView.as_view(), name="offer"),
    path("offers/<int:pk>/call/", office.CallSettingsView.as_view(), name="call"),
    path("offers/<int:pk>/criteria/", office.CriterionCreateView.as_view(), name="criterion-add"),
    path("offers/<int:pk>/ranking/", office.RankingView.as_view(), name="ranking"),
    path("offers/<int:pk>/allocate/", office.AllocateView.as_view(), name="allocate"),
    path("offers/<int:pk>/next/", office.OfferNextPlaceView.as_view(), name="offer-next"),
    path("offers/<int:pk>/decisions/", office.DecisionsView.as_view(), name="decisions"),
    path("<int:pk>/", office.ReviewView.as_view(), name="review"),
    path("<int:pk>/status/", office.StatusChangeView.as_view(), name="status"),
    path("<int:pk>/mobility/", office.CreateMobilityView.as_view(), name="create-mobility"),
]
