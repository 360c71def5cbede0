from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from mobility.models import Mobility

from .models import (
    PDF_UPLOAD,
    REPORT_DATES_MESSAGE,
    CourseComponent,
    DocumentLanguage,
    DocumentTemplate,
)


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "class": "font-monospace"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


class PdfUploadForm(forms.Form):
    file = forms.FileField(label=_("PDF file"), validators=[PDF_UPLOAD])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReportForm(forms.Form):
    reported_start = forms.DateField(
        label=_("First day of the stay"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reported_end = forms.DateField(
        label=_("Last day of the stay"), widget=forms.DateInput(attrs={"type": "date"})
    )
    report_text = forms.CharField(
        label=_("Your report"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What you did, what you learnt, and what we could do better."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("reported_start"), cleaned.get("reported_end")
        if start and end and end < start:
            self.add_error("reported_end", REPORT_DATES_MESSAGE)
        return cleaned


class DocumentLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the documents"), choices=DocumentLanguage.choices
    )


class CourseComponentForm(forms.ModelForm):
    class Meta:
        model = CourseComponent
        fields = ["table", "code", "title", "semester", "ects_credits"]
        widgets = {"ects_credits": forms.NumberInput(attrs={"step": "0.01", "min": "0.01"})}
        help_texts = {"semester": ""}


CourseComponentFormSet = forms.inlineformset_factory(
    Mobility, CourseComponent, form=CourseComponentForm, extra=1, can_delete=True
)
