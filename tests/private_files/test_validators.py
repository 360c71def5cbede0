"""Uploads are judged by their content: a renamed file is refused, a real one accepted."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from private_files.validators import UploadRule


def _docx(*, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\0")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.mark.parametrize(
    ("name", "content", "kinds"),
    [
        ("cv.pdf", PDF, ("pdf",)),
        ("photo.png", PNG, ("image",)),
        ("letter.docx", _docx(), ("pdf", "word")),
        # The name does not matter, only what the file holds.
        ("letter.txt", PDF, ("pdf",)),
    ],
)
def test_a_file_of_an_allowed_kind_is_accepted(name, content, kinds):
    UploadRule(kinds=kinds)(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cv.pdf", b"MZ\x90\x00" + b"\0" * 60),  # a Windows program named .pdf
        ("cv.pdf", b"just some text"),
        ("cv.pdf", PNG),
        ("letter.pdf", _docx()),
    ],
)
def test_a_file_whose_content_is_not_allowed_is_refused_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as error:
        UploadRule(kinds=("pdf",))(SimpleUploadedFile(name, content))

    assert error.value.code == "wrong_type"
    assert "PDF" in str(error.value.messages)


def test_a_word_document_with_macros_is_not_a_word_document():
    with pytest.raises(ValidationError):
        UploadRule(kinds=("word",))(SimpleUploadedFile("letter.docx", _docx(macros=True)))


def test_a_file_over_the_limit_is_refused_with_both_sizes():
    with pytest.raises(ValidationError) as error:
        UploadRule(kinds=("pdf",), max_bytes=1024)(SimpleUploadedFile("cv.pdf", PDF + b"x" * 2000))

    assert error.value.code == "too_large"
    assert error.value.messages == ["The file is 2.0\xa0KB; at most 1.0\xa0KB is accepted."]
