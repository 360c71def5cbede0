"""The README stays a short entry point; the detail lives in docs/ and its links resolve."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS_LINK = re.compile(r"\]\((docs/[^)#\s]+)(?:#[^)]*)?\)")


def test_readme_is_under_15000_characters():
    assert len(README.read_text(encoding="utf-8")) < 15_000


def test_every_document_in_docs_is_linked_from_the_readme():
    linked = set(DOCS_LINK.findall(README.read_text(encoding="utf-8")))
    documents = {f"docs/{path.name}" for path in (ROOT / "docs").glob("*.md")}

    assert documents - linked == set()
    assert "docs/behaviour.md" in linked


def test_every_docs_link_in_the_readme_points_to_an_existing_file():
    linked = DOCS_LINK.findall(README.read_text(encoding="utf-8"))

    assert linked
    assert [link for link in linked if not (ROOT / link).is_file()] == []


def test_every_link_between_documents_points_to_an_existing_file():
    broken = [
        (document.name, target)
        for document in sorted((ROOT / "docs").glob("*.md"))
        for target in re.findall(r"\]\(([^)#\s:]+)(?:#[^)]*)?\)", document.read_text("utf-8"))
        if not (document.parent / target).resolve().exists()
    ]

    assert broken == []
