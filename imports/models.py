from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from private_files.storage import private_storage
from projects.models import Project


class Kind(models.TextChoices):
    PARTNERS = "partners", _("Partner institutions")
    PEOPLE = "people", _("People (coordinators and contacts)")
    PROJECTS = "projects", _("Projects with their partners")
    GRANT_LINES = "grant_lines", _("Grant lines of projects")
    MOBILITIES = "mobilities", _("Mobilities (also the Beneficiary Module's export)")
    OFFERS = "offers", _("Exchange offers")


class ColumnLayout(models.Model):
    """How the columns of one file layout (its header row) map to fields, as staff last chose."""

    kind = models.CharField(_("what the file holds"), max_length=12, choices=Kind.choices)
    layout = models.CharField(_("header row fingerprint"), max_length=64)
    mapping = models.JSONField(_("column mapping"), default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("column layout")
        verbose_name_plural = _("column layouts")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "layout"],
                name="column_layout_one_per_header_row",
                violation_error_message=_("This file layout already has a column mapping."),
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.layout[:12]}"


class ImportBatch(models.Model):
    """One uploaded file: its preview, and once confirmed, the rows it wrote."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        PREVIEWING = "previewing", _("Preview running")
        PREVIEWED = "previewed", _("Previewed")
        CONFIRMING = "confirming", _("Import running")
        CONFIRMED = "confirmed", _("Imported")
        UNDOING = "undoing", _("Undo running")
        UNDONE = "undone", _("Undone")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("what the file holds"), max_length=12, choices=Kind.choices)
    filename = models.CharField(_("file name"), max_length=255)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="imports/%Y/%m/", blank=True
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
        help_text=_("For mobilities: the project when the file has no grant agreement number."),
    )
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    error = models.CharField(_("problem"), max_length=500, blank=True)
    rows_new = models.PositiveIntegerField(_("new"), default=0)
    rows_changed = models.PositiveIntegerField(_("changed"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rows_refused = models.PositiveIntegerField(_("refused"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="import_batch_progress_percent",
                violation_error_message=_("Progress is a percentage."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["confirmed", "undoing", "undone"])
                | Q(confirmed_at__isnull=False),
                name="import_batch_confirmed_has_time",
                violation_error_message=_("A confirmed import has the time it was confirmed."),
            ),
            models.CheckConstraint(
                condition=Q(status="undone", undone_at__isnull=False)
                | (~Q(status="undone") & Q(undone_at__isnull=True)),
                name="import_batch_undone_has_time",
                violation_error_message=_("An undone import has the time it was undone."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.filename}"

    @property
    def change_reason(self) -> str:
        """What the history of every row the import writes says (at most 100 characters)."""
        return f"Import #{self.pk}: {self.filename}"[:100]

    @property
    def worker_running(self) -> bool:
        """The worker is previewing, writing or undoing the import; its page follows it."""
        return self.status in (
            self.Status.PREVIEWING,
            self.Status.CONFIRMING,
            self.Status.UNDOING,
        )

    @property
    def can_undo(self) -> bool:
        return self.status == self.Status.CONFIRMED


class ImportedRow(models.Model):
    """A row an import created or changed, with the history record it wrote."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="written", verbose_name=_("import")
    )
    model = models.CharField(_("model"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("object id"))
    key = models.CharField(_("key in the file"), max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    history_id = models.PositiveBigIntegerField(_("history record written"))
    previous_history_id = models.PositiveBigIntegerField(
        _("history record before"), null=True, blank=True
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "model", "object_id"],
                name="imported_row_once_per_batch",
                violation_error_message=_("The import already wrote this row."),
            ),
        ]
        indexes = [models.Index(fields=["model", "key"], name="imported_row_key_idx")]

    def __str__(self):
        return f"{self.model} {self.object_id} ({self.action})"
