"""The Dutch message catalogue is complete and its compiled form matches it."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

from tests.factories import OrganisationalUnitFactory, ProjectFactory
from tests.public.helpers import public_url

LOCALE = Path(__file__).resolve().parent.parent.parent / "locale" / "nl" / "LC_MESSAGES"
FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$')


def _catalogue() -> list[dict]:
    """The entries of django.po as {keyword: text} (the header left out)."""
    entries = []
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        entry, keyword, flags = {}, None, []
        for line in block.splitlines():
            if line.startswith("#,"):
                flags = [flag.strip() for flag in line[2:].split(",")]
            elif match := FIELD.match(line):
                keyword = match.group(1)
                entry[keyword] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and keyword:
                entry[keyword] += ast.literal_eval(line)
        if entry.get("msgid"):
            entries.append({**entry, "flags": flags})
    return entries


def test_every_message_has_a_dutch_translation():
    untranslated = [
        entry["msgid"]
        for entry in _catalogue()
        if "fuzzy" in entry["flags"]
        or not all(text for key, text in entry.items() if key.startswith("msgstr"))
    ]

    assert untranslated == []


def test_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    expected = {}
    for entry in _catalogue():
        msgid = f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]
        if "msgid_plural" in entry:
            expected[(msgid, 0)] = entry["msgstr[0]"]
            expected[(msgid, 1)] = entry["msgstr[1]"]
        else:
            expected[msgid] = entry["msgstr"]

    assert {key: value for key, value in catalogue.items() if key != ""} == expected


def test_interface_speaks_dutch():
    with translation.override("nl"):
        assert translation.gettext("Exchange offers") == "Uitwisselingen"
        assert translation.ngettext("%(count)s offer", "%(count)s offers", 3) == (
            "%(count)s uitwisselingen"
        )
        assert translation.pgettext("offer", "Closed") == "Gesloten"


@pytest.mark.django_db
def test_project_page_in_dutch_names_the_unit_in_dutch(client):
    unit = OrganisationalUnitFactory(name="Leiden Observatory", name_nl="Sterrewacht Leiden")
    project = ProjectFactory(home_unit=unit)

    response = client.get(public_url("project-detail", "nl", slug=project.slug))

    assert "Dit is een Erasmus+ International Credit Mobility-project van Sterrewacht Leiden." in (
        response.content.decode()
    )
