from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import LoginForm
from .rules import can_use_workspace
from .throttling import allow_password_reset_for_address, allow_password_reset_from_client

RESET_RATE_LIMITED_MESSAGE = _(
    "Too many password reset requests came from your network. Please try again in an hour."
)


class LoginView(auth_views.LoginView):
    """Log in; staff and coordinators land in the workspace unless a page was asked for."""

    authentication_form = LoginForm

    def get_default_redirect_url(self):
        if can_use_workspace(self.request.user):
            return reverse("workspace:dashboard")
        return super().get_default_redirect_url()


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link: client limit → address limit → the worker does the rest.

    The answer is the same for every valid address, known or not, and no account is looked
    up here: the worker does that (accounts.services). Over the client's limit the form
    says so (429); over the address's limit nothing more is sent, and nothing is said.
    """

    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if not allow_password_reset_from_client(self.request):
            form.add_error(None, RESET_RATE_LIMITED_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        email_address = form.cleaned_data["email"]
        if allow_password_reset_for_address(email_address):
            services.request_password_reset(email_address=email_address)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")
