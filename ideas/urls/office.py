from django.urls import path

from ideas import office_views

app_name = "ideas_office"

urlpatterns = [
    path("", office_views.CallForIdeasListView.as_view(), name="calls"),
    path("calls/<int:pk>/", office_views.IdeaListView.as_view(), name="list"),
    path("<int:pk>/", office_views.IdeaDetailView.as_view(), name="idea"),
    path("<int:pk>/change/", office_views.IdeaChangeView.as_view(), name="change"),
    path("<int:pk>/proposal/", office_views.TurnIntoProposalView.as_view(), name="proposal"),
]
