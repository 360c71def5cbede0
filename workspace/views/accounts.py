"""Logins of the office's staff and of coordinators: who has one, who is staff, who is
active; a new login for a person without one."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from accounts import logins
from accounts.mixins import WorkspaceMixin

from .. import filters, selectors
from ..exports import Column
from ..forms.accounts import LoginForm
from .base import WorkspaceListView


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


class AccountListView(WorkspaceListView):
    template_name = "workspace/account_list.html"
    section = "office"
    permission_required = "workspace.manage_accounts"
    filterset_class = filters.AccountFilter
    export_basename = "logins"
    export_url_name = "workspace:account-export"
    export_columns = (
        Column(gettext_lazy("Username"), "username"),
        Column(gettext_lazy("First name"), "first_name"),
        Column(gettext_lazy("Last name"), "last_name"),
        Column(gettext_lazy("Email"), "email"),
        Column(
            gettext_lazy("Coordinator"),
            lambda user: user.person.full_name if hasattr(user, "person") else "",
        ),
        Column(gettext_lazy("Office staff"), lambda user: _yes_no(user.is_office_staff)),
        Column(gettext_lazy("Active"), lambda user: _yes_no(user.is_active)),
        Column(gettext_lazy("Last login"), "last_login"),
    )

    def get_queryset(self):
        return selectors.account_list()


class AccountCreateView(WorkspaceMixin, FormView):
    """A login for a coordinator or contact person: they get an email to choose a password."""

    template_name = "workspace/account_form.html"
    section = "office"
    permission_required = "workspace.manage_accounts"
    form_class = LoginForm

    def get_initial(self):
        return {"person": self.request.GET.get("person")}

    def form_valid(self, form):
        person = form.cleaned_data["person"]
        try:
            logins.create_login(person=person, username=form.cleaned_data["username"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s has a login now; an email asks them to choose a password.")
            % {"name": person.full_name},
        )
        return redirect("workspace:account-list")


class AccountActionView(WorkspaceMixin, View):
    """One change to a login from a button on the list; a refusal is shown as a message."""

    http_method_names = ["post"]
    permission_required = "workspace.manage_accounts"

    def get_permission_object(self):
        if not hasattr(self, "account"):
            self.account = get_object_or_404(get_user_model(), pk=self.kwargs["pk"])
        return self.account

    def post(self, request, *args, **kwargs):
        try:
            message = self.perform(
                self.get_permission_object(), turn_on=request.POST.get("on") == "1"
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return redirect("workspace:account-list")

    def perform(self, account, *, turn_on: bool) -> str:
        raise NotImplementedError


class AccountStaffView(AccountActionView):
    def perform(self, account, *, turn_on: bool) -> str:
        logins.set_office_staff(user=account, is_staff=turn_on, by=self.request.user)
        if turn_on:
            return _("%(name)s is International Relations Office staff now.") % {"name": account}
        return _("%(name)s is no longer International Relations Office staff.") % {"name": account}


class AccountActiveView(AccountActionView):
    def perform(self, account, *, turn_on: bool) -> str:
        logins.set_login_active(user=account, active=turn_on, by=self.request.user)
        if turn_on:
            return _("%(name)s can sign in again.") % {"name": account}
        return _("%(name)s is deactivated and can no longer sign in.") % {"name": account}
