from django import template

from documents.forms import DocumentLanguageForm
from documents.models import ParticipantFile
from documents.services import (
    course_component_tables,
    document_kinds,
    short_stay_notice,
    uploaded_by_office,
)
from payments.models import Payment

register = template.Library()


@register.inclusion_tag("documents/_mobility_documents.html", takes_context=True)
def mobility_documents(context, mobility):
    """The participant's documents, uploads and payments on the staff's mobility page; the
    project's coordinators see only the learning agreement's components, read-only."""
    user = context["request"].user
    if not user.has_perm("documents.view_documents", mobility):
        shows_components = not mobility.is_staff_mobility and user.has_perm(
            "documents.view_course_components", mobility
        )
        return {
            "visible": False,
            "components": course_component_tables(mobility) if shows_components else None,
        }
    file = ParticipantFile.objects.filter(mobility=mobility).first()
    return {
        "visible": True,
        "mobility": mobility,
        "file": file,
        "uploaded_by": uploaded_by_office(file),
        "can_manage": user.has_perm("documents.manage_participants", mobility),
        "kinds": document_kinds(mobility),
        "components": None if mobility.is_staff_mobility else course_component_tables(mobility),
        "payments": Payment.objects.filter(mobility=mobility),
        "language_form": DocumentLanguageForm(
            initial={"language": file.language if file else "en"}
        ),
        "short_stay_notice": short_stay_notice(
            mobility, start=file.reported_start, end=file.reported_end
        )
        if file is not None and file.report_submitted and not file.confirmed
        else "",
        "csrf_token": context.get("csrf_token"),
    }
