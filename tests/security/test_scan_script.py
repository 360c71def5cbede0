"""The verdict of `make scan` (scripts/scan.py): which findings fail it, which are waived."""

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "scan.py"


@pytest.fixture
def scan(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("scan_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path)
    return module


def _wapiti_entry(info: str, level: int, path: str = "/") -> dict:
    return {"method": "GET", "path": path, "parameter": "", "info": info, "level": level}


def test_wapiti_findings_waive_only_plain_http_and_obsolete_header_checks(scan):
    report = {
        "vulnerabilities": {
            "HTTP Secure Headers": [
                _wapiti_entry("Strict-Transport-Security is not set", 1),
                _wapiti_entry("X-XSS-Protection is not set", 1),
                _wapiti_entry("X-Frame-Options is not set", 1),
            ],
            "Secure Flag cookie": [
                _wapiti_entry("Secure flag is not set in the cookie : sessionid", 1),
                _wapiti_entry("Secure flag is not set in the cookie : django_language", 1),
            ],
            "Cross Site Scripting": [_wapiti_entry("XSS in q", 3, "/en/offers/")],
        },
        "anomalies": {"Internal Server Error": [_wapiti_entry("500 in q", 3, "/en/offers/")]},
    }

    findings = scan.wapiti_findings(report)

    assert [(f.category, f.severity, bool(f.waived)) for f in findings] == [
        ("HTTP Secure Headers", "low", True),
        ("HTTP Secure Headers", "low", True),
        ("HTTP Secure Headers", "low", False),
        ("Secure Flag cookie", "low", True),
        ("Secure Flag cookie", "low", False),
        ("Cross Site Scripting", "high", False),
        ("Internal Server Error", "high", False),
    ]


def test_summary_fails_on_any_finding_above_informational(scan):
    phase = scan.Phase("wapiti", findings=[scan.Finding("wapiti", "low", "CSP", "GET /: weak")])

    assert scan.summarise([phase]) == 1
    summary = json.loads((scan.OUT / "summary.json").read_text())
    assert summary["blocking"] == ["wapiti low CSP: GET /: weak"]


def test_summary_passes_with_informational_and_waived_findings_only(scan):
    phase = scan.Phase(
        "wapiti",
        findings=[
            scan.Finding("wapiti", "info", "Fingerprint", "GET /: Django"),
            scan.Finding("wapiti", "low", "HSTS", "GET /: not set", waived="plain HTTP"),
        ],
    )

    assert scan.summarise([phase]) == 0
    summary = json.loads((scan.OUT / "summary.json").read_text())
    assert (summary["findings"], summary["waived"], summary["blocking"]) == ({"info": 1}, 1, [])


def test_every_server_error_in_the_access_log_is_a_finding(scan):
    log = scan.OUT / "access.log"
    log.write_text("200 GET /en/\n")
    access = scan.AccessLog(log)
    access.since_last()

    def scanner():
        with log.open("a") as lines:
            lines.write("302 POST /accounts/login/\n500 GET /workspace/budgets/rates/1/\n")
        return scan.Phase("wapiti-workspace")

    phase = scan.measured(scanner, access, "wapiti: workspace as staff")

    assert (phase.name, phase.requests, dict(phase.statuses)) == (
        "wapiti: workspace as staff",
        2,
        {302: 1, 500: 1},
    )
    assert [str(f) for f in phase.findings] == [
        "portal high HTTP 500: GET /workspace/budgets/rates/1/"
    ]
