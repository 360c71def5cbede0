"""Where private files (applicants' and participants' documents) are kept.

They live in the storage named "private" in settings.STORAGES: a folder outside the static
and media paths by default (PRIVATE_FILES_ROOT), or any Django storage backend (an
S3-compatible bucket through django-storages) by setting. Nothing serves that folder: a
file reaches a browser only through a view that checks who asks and answers with
`attachment_response`.
"""

from django.core.files.storage import storages
from django.http import FileResponse


def private_storage():
    """The private files' storage (a callable: a FileField does not freeze it in migrations)."""
    return storages["private"]


def attachment_response(field_file, *, filename: str) -> FileResponse:
    """The file as a download: never shown inline, never sniffed into another type, never cached."""
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
