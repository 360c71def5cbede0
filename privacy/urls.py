from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.PersonDataView.as_view(), name="person"),
    path("export/", views.PersonExportView.as_view(), name="export"),
    path("erase/", views.PersonEraseView.as_view(), name="erase"),
]
