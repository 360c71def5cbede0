"""The participant's page, under /en/participant/ and /nl/participant/."""

from django.urls import path

from . import participant_views as views

app_name = "participant"

urlpatterns = [
    path(
        "from-application/<int:pk>/",
        views.FromApplicationView.as_view(),
        name="from-application",
    ),
    path("<str:token>/", views.ParticipantPageView.as_view(), name="page"),
    path("<str:token>/renew/", views.ParticipantRenewView.as_view(), name="renew"),
    path("<str:token>/<slug:kind>.pdf", views.ParticipantDocumentView.as_view(), name="document"),
]
