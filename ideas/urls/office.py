from django.urls import path

from ideas import office_views

app_name = "ideas_office"

urlpatterns = [
    path("", office_views.CallForIdeasListView.as_view(), name="calls"),
    path("calls/new/", office_views.CallForIdeasEditView.as_view(), name="call-create"),
    path("calls/<int:pk>/", office_views.IdeaListView.as_view(), name="list"),
    path("calls/<int:pk>/edit/", office_views.CallForIdeasEditView.as_view(), name="call-edit"),
    path("<int:pk>/", office_views.IdeaDetailView.as_view(), name="idea"),
    path("<int:pk>/change/", office_views.IdeaChangeView.as_view(), name="change"),
    path("<int:pk>/proposal/", office_views.TurnIntoProposalView.as_view(), name="proposal"),
]
