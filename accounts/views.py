from django.contrib.auth import views as auth_views
from django.urls import reverse, reverse_lazy

from .forms import LoginForm, OutboxPasswordResetForm
from .rules import can_use_workspace


class LoginView(auth_views.LoginView):
    """Log in; staff and coordinators land in the workspace unless a page was asked for."""

    authentication_form = LoginForm

    def get_default_redirect_url(self):
        if can_use_workspace(self.request.user):
            return reverse("workspace:dashboard")
        return super().get_default_redirect_url()


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")
