from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("reminders.urls")),
    path("", include("ops.urls")),
    path("workspace/privacy/", include("privacy.urls")),
    path("workspace/", include("workspace.urls")),
    path("", include("projects.urls")),
]
