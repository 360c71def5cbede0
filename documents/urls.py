"""Staff pages, included under workspace/ before the workspace's own pages."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path(
        "mobilities/<int:pk>/<slug:kind>.pdf",
        views.MobilityDocumentView.as_view(),
        name="mobility-document",
    ),
    path(
        "mobilities/<int:pk>/uploaded/<slug:which>.pdf",
        views.SignedCopyView.as_view(),
        name="uploaded-copy",
    ),
    path(
        "mobilities/<int:pk>/upload/<slug:which>/",
        views.StaffUploadView.as_view(),
        name="staff-upload",
    ),
    path(
        "mobilities/<int:pk>/participant-link/",
        views.SendParticipantLinkView.as_view(),
        name="send-participant-link",
    ),
    path(
        "mobilities/<int:pk>/document-language/",
        views.DocumentLanguageView.as_view(),
        name="document-language",
    ),
    path(
        "mobilities/<int:pk>/course-components/",
        views.CourseComponentsView.as_view(),
        name="course-components",
    ),
    path(
        "mobilities/<int:pk>/confirm-report/",
        views.ConfirmReportView.as_view(),
        name="confirm-report",
    ),
    path("documents/", views.DocumentTemplateListView.as_view(), name="template-list"),
    path("documents/<int:pk>/", views.DocumentTemplateEditView.as_view(), name="template-edit"),
]
