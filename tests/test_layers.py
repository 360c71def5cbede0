"""The layers of the project (pyproject.toml's [tool.importlinter]) and of its templates."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE_APPS = ("workspace", "budgets", "public_site")
# The folder under templates/ that holds each page app's pages.
PAGE_APP_TEMPLATES = {"workspace": "workspace", "budgets": "budgets", "public_site": "public"}
LOAD = re.compile(r"{%\s*load\s+(.*?)\s*%}")


def _tag_libraries(app: str) -> set[str]:
    return {
        module.stem
        for module in (ROOT / app / "templatetags").glob("*.py")
        if module.stem != "__init__"
    }


def _loaded_libraries(template: Path) -> set[str]:
    libraries = set()
    for names in LOAD.findall(template.read_text()):
        # "{% load a b %}" loads libraries; "{% load x y from a %}" loads names of library a.
        words = names.split()
        libraries.update(words[-1:] if "from" in words else words)
    return libraries


def _page_app_of(template: Path) -> str | None:
    folder = template.relative_to(ROOT / "templates").parts[0]
    return next((app for app, name in PAGE_APP_TEMPLATES.items() if name == folder), None)


def test_no_app_imports_a_layer_above_it_and_no_app_has_an_import_cycle():
    lint_imports = Path(sys.executable).with_name("lint-imports")

    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 6 kept, 0 broken." in result.stdout


def test_the_page_frame_loads_no_tags_of_a_page_app():
    page_libraries = {library for app in PAGE_APPS for library in _tag_libraries(app)}
    frame = [ROOT / "templates" / "base.html", *(ROOT / "templates").glob("_*.html")]

    loaded = {template.name: _loaded_libraries(template) & page_libraries for template in frame}

    assert page_libraries >= {"public_tags", "workspace_tags"}
    assert loaded == {template.name: set() for template in frame}


def test_templates_load_no_tags_of_another_page_app():
    libraries_of = {app: _tag_libraries(app) for app in PAGE_APPS}
    loads_of_others = {}

    for template in (ROOT / "templates").rglob("*.html"):
        own = _page_app_of(template)
        others = set().union(*(libraries_of[app] for app in PAGE_APPS if app != own))
        if borrowed := _loaded_libraries(template) & others:
            loads_of_others[str(template.relative_to(ROOT))] = borrowed

    assert loads_of_others == {}
