from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.PublicProjectListView.as_view(), name="public-project-list"),
    path(
        "projects/<slug:slug>/",
        views.PublicProjectDetailView.as_view(),
        name="public-project-detail",
    ),
]
