from django.urls import path

from . import views

app_name = "ops"

urlpatterns = [
    path("healthz", views.HealthView.as_view(), name="healthz"),
]
