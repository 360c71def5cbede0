"""Uploads checked by what they contain, not by what they are called."""

import zipfile
from dataclasses import dataclass

import puremagic
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# The kinds of document an upload may be, each with the file extensions its content may
# have (as puremagic reads them from the first bytes).
KINDS = {
    "pdf": (_("PDF"), {".pdf"}),
    "image": (_("JPEG or PNG image"), {".jpg", ".jpeg", ".png"}),
    "word": (_("Word document (.docx)"), {".docx"}),
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def _is_word_document(upload) -> bool:
    """A .docx is a zip archive with a Word body and without macros (a .docm renamed is not)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    return "word/document.xml" in names and "word/vbaProject.bin" not in names


def content_extensions(upload) -> set[str]:
    """The extensions the upload's content matches (empty when nothing is recognised)."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    try:
        found = {match.extension.lower() for match in puremagic.magic_string(head)}
    except puremagic.PureError:
        return set()
    # Every zip archive starts alike: only its table of contents tells a Word document.
    if ".docx" in found:
        found.discard(".docx")
        if _is_word_document(upload):
            found.add(".docx")
        upload.seek(0)
    return found


@dataclass(frozen=True)
class UploadRule:
    """What an upload may be: some of KINDS, at most max_bytes."""

    kinds: tuple[str, ...] = ("pdf",)
    max_bytes: int = DEFAULT_MAX_BYTES

    def __call__(self, upload) -> None:
        if upload.size > self.max_bytes:
            raise ValidationError(
                _("The file is %(size)s; at most %(limit)s is accepted."),
                code="too_large",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(self.max_bytes),
                },
            )
        allowed = set().union(*(KINDS[kind][1] for kind in self.kinds))
        if not content_extensions(upload) & allowed:
            raise ValidationError(
                _("The file's content is not a %(kinds)s, whatever its name says."),
                code="wrong_type",
                params={"kinds": ", ".join(str(KINDS[kind][0]) for kind in self.kinds)},
            )
