"""The documents a candidate for an incoming or outgoing mobility may be asked for, shared by
online applications and partners' nominations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CandidateDocumentKind(models.TextChoices):
    CV = "cv", _("CV")
    TRANSCRIPT = "transcript", _("Transcript of records")
    MOTIVATION_LETTER = "motivation_letter", _("Motivation letter")
    PASSPORT = "passport", _("Passport copy")
    SUPPORT_LETTER = "support_letter", _("Letter of support")
