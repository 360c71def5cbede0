from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.ImportListView.as_view(), name="list"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/columns/", views.ColumnsView.as_view(), name="columns"),
    path("<int:pk>/progress/", views.ProgressView.as_view(), name="progress"),
    path("<int:pk>/confirm/", views.ConfirmView.as_view(), name="confirm"),
    path("<int:pk>/undo/", views.UndoView.as_view(), name="undo"),
]
