from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("", views.PaymentListView.as_view(), name="list"),
    path("terms/", views.PaymentTermsView.as_view(), name="terms"),
    path("<int:pk>/step/", views.PaymentStepView.as_view(), name="step"),
    path("due.csv", views.DueExportView.as_view(), {"export_format": "csv"}, name="due-csv"),
    path("due.xlsx", views.DueExportView.as_view(), {"export_format": "xlsx"}, name="due-xlsx"),
]
