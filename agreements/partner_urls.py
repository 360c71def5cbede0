from django.urls import path

from .views import partner

app_name = "partner"

urlpatterns = [
    path("", partner.HomeView.as_view(), name="home"),
    path("mobilities/<int:pk>/", partner.MobilityAnswerView.as_view(), name="mobility"),
    path("nominate/", partner.NominateView.as_view(), name="nominate"),
    path("nominations/<int:pk>/", partner.NominationView.as_view(), name="nomination"),
    path(
        "nominations/<int:pk>/documents/<str:kind>/",
        partner.NominationDocumentView.as_view(),
        name="nomination-document",
    ),
    path("institution/", partner.InstitutionView.as_view(), name="institution"),
    path("agreements/<int:pk>/", partner.AgreementView.as_view(), name="agreement"),
    path(
        "agreements/<int:pk>/agreement.pdf",
        partner.AgreementPdfView.as_view(),
        name="agreement-pdf",
    ),
    path("renew/<str:token>/", partner.RenewView.as_view(), name="renew"),
    path("<str:token>/", partner.EnterView.as_view(), name="enter"),
]
