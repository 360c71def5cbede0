"""The Dutch message catalogue is complete and its compiled form matches it."""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import OrganisationalUnitFactory, ProjectFactory
from tests.public.helpers import public_url

ROOT = Path(__file__).resolve().parent.parent.parent
LOCALE = ROOT / "locale" / "nl" / "LC_MESSAGES"
FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$')
# What makemessages is not to read: the catalogue itself, installed packages, runtime data,
# test and benchmark output, and the tests (their strings are not the portal's).
NOT_SOURCE = {
    "locale",
    "node_modules",
    "var",
    "staticfiles",
    "test-artifacts",
    "bench",
    "tests",
}
# Run in a copy of the project made of links, so that makemessages writes a fresh catalogue
# there and never touches the project's own.
EXTRACT = """
import os
import django
from django.conf import settings
from django.core.management import call_command

django.setup()
settings.LOCALE_PATHS = [os.path.abspath("locale")]
call_command("makemessages", locale=["nl"], symlinks=True, no_obsolete=True, verbosity=0)
"""


def _catalogue(path: Path = LOCALE / "django.po") -> list[dict]:
    """The entries of a .po file as {keyword: text} (the header left out)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
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


def _msgids(entries: list[dict]) -> set[tuple[str, str]]:
    return {(entry.get("msgctxt", ""), entry["msgid"]) for entry in entries}


def test_catalogue_holds_every_string_of_the_source(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.fail("makemessages needs GNU gettext: scripts/test-services.sh installs it")
    for item in ROOT.iterdir():
        # makemessages leaves hidden directories (.venv, .git) out by itself.
        if not item.name.startswith(".") and item.name not in NOT_SOURCE:
            (tmp_path / item.name).symlink_to(item)
    extraction = subprocess.run(
        [sys.executable, "-c", EXTRACT],
        cwd=tmp_path,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert extraction.returncode == 0, extraction.stderr
    source = _msgids(_catalogue(tmp_path / "locale" / "nl" / "LC_MESSAGES" / "django.po"))

    missing = sorted(source - _msgids(_catalogue()))

    assert missing == [], "run makemessages -l nl and translate the new strings"


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
