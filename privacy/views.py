import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from accounts.mixins import WorkspaceMixin

from . import services
from .forms import ErasureForm, PersonLookupForm


class PrivacyPermissionMixin(WorkspaceMixin):
    permission_required = "privacy.manage_personal_data"
    section = "office"


class PersonDataView(PrivacyPermissionMixin, View):
    """Look a person up by email: what is held, with export and erase actions."""

    template_name = "privacy/person.html"

    def get(self, request):
        form = PersonLookupForm(request.GET or None)
        context = {"form": form, "section": self.section}
        if form.is_valid():
            email_address = form.cleaned_data["email"]
            context["data"] = services.export_person(email_address=email_address)
            context["erasure_form"] = ErasureForm(initial={"email": email_address})
        return render(request, self.template_name, context)


class PersonExportView(PrivacyPermissionMixin, View):
    def get(self, request):
        form = PersonLookupForm(request.GET)
        if not form.is_valid():
            return redirect("privacy:person")
        email_address = form.cleaned_data["email"]
        data = services.export_person(email_address=email_address)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
        return response


class PersonEraseView(PrivacyPermissionMixin, FormView):
    form_class = ErasureForm
    http_method_names = ["post"]

    def form_valid(self, form):
        report = services.erase_person(email_address=form.cleaned_data["email"])
        messages.success(
            self.request,
            _("Erased %(count)d records held about this person.") % {"count": report.total},
        )
        return redirect(reverse("privacy:person"))

    def form_invalid(self, form):
        messages.error(self.request, _("Tick the confirmation box to erase."))
        return redirect(f"{reverse('privacy:person')}?email={form.data.get('email', '')}")
