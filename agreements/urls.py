from django.urls import path

from .views import workspace

app_name = "agreements"

urlpatterns = [
    path("", workspace.AgreementListView.as_view(), name="list"),
    path("new/", workspace.AgreementCreateView.as_view(), name="create"),
    path("<int:pk>/", workspace.AgreementDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", workspace.AgreementUpdateView.as_view(), name="update"),
    path("<int:pk>/print/", workspace.AgreementPrintView.as_view(), name="print"),
    path("<int:pk>/agreement.pdf", workspace.AgreementPdfView.as_view(), name="pdf"),
    path("nominations/", workspace.NominationListView.as_view(), name="nomination-list"),
    path(
        "nominations/<int:pk>/decide/",
        workspace.NominationDecideView.as_view(),
        name="nomination-decide",
    ),
    path(
        "nominations/documents/<int:pk>/",
        workspace.NominationDocumentDownloadView.as_view(),
        name="nomination-document",
    ),
    path(
        "contacts/<int:pk>/send-link/",
        workspace.ContactAccessView.as_view(),
        {"action": "send"},
        name="contact-send-link",
    ),
    path(
        "contacts/<int:pk>/revoke-links/",
        workspace.ContactAccessView.as_view(),
        {"action": "revoke"},
        name="contact-revoke-links",
    ),
    path(
        "partner-changes/<slug:kind>/<int:history_id>/undo/",
        workspace.UndoPartnerChangeView.as_view(),
        name="undo-partner-change",
    ),
]
