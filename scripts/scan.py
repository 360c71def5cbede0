"""The security scan behind `make scan`.

Builds a database of its own (migrate + load_demo), starts the portal under gunicorn on
127.0.0.1 with production settings over plain HTTP (exchange_portal.settings.scan), then runs
wapiti over the public site and the login page, wapiti logged in as staff over the workspace,
and sqlmap against the catalogue's filters, the registration-of-interest form and the
workspace's project search. It reads their reports and gunicorn's access log, re-validates
every row the scanners left behind, and exits 1 on any finding above informational, any
server error or any invalid row.

Reports, logs and a summary (summary.json) are written to var/scan/.
"""

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "scan"
DEFAULT_DATABASE_URL = "postgres://portal:portal@127.0.0.1:5432/portal_scan"

# Findings that exist only because the scan runs over plain HTTP. Production sets each of
# them (tests/security/test_headers.py checks it under production settings); the scan settings
# turn them off because a client over HTTP would otherwise never send the cookies back.
# Matched on wapiti's category and message, exactly.
PLAIN_HTTP_WAIVERS = {
    ("HTTP Secure Headers", "Strict-Transport-Security is not set"): (
        "HSTS is only sent over HTTPS; production sends it"
    ),
    ("Secure Flag cookie", "Secure flag is not set in the cookie : sessionid"): (
        "production sets SESSION_COOKIE_SECURE"
    ),
    ("Secure Flag cookie", "Secure flag is not set in the cookie : csrftoken"): (
        "production sets CSRF_COOKIE_SECURE"
    ),
}
# wapiti 3.0.4 asks for "X-XSS-Protection: 1". Browsers have removed the XSS auditor that
# header switched on, and current advice (OWASP Secure Headers Project, MDN) is to leave it
# out, as the auditor itself leaked data. The CSP without 'unsafe-inline' protects instead.
OBSOLETE_CHECK_WAIVERS = {
    ("HTTP Secure Headers", "X-XSS-Protection is not set"): (
        "obsolete header; the CSP forbids inline scripts instead"
    ),
}
WAIVERS = PLAIN_HTTP_WAIVERS | OBSOLETE_CHECK_WAIVERS
WAPITI_LEVELS = {0: "info", 1: "low", 2: "medium", 3: "high", 4: "critical"}
# The default modules without ssrf (it needs wapiti's server on the internet), plus the
# checks of CSRF tokens, of header injection and of unusual HTTP methods.
WAPITI_MODULES = "common,-ssrf,csrf,crlf,methods"
# Debian's wapiti 3.0.4 needs two mends, made before it starts: it builds its --exclude
# patterns as "...\Z(?ms)", which Python 3.11 refuses (global flags must come first); and its
# csrf module knows the CSRF field names of other frameworks but not Django's, so it reports
# every form as lacking a token instead of checking that the token is verified.
WAPITI = r"""
import re, sys
import wapitiCore.net.crawler as crawler
from wapitiCore.attack.mod_csrf import mod_csrf

def wildcard_translate(pattern):
    return re.compile("(?ms)" + ".*".join(re.escape(part) for part in pattern.split("*")) + r"\Z")

crawler.wildcard_translate = wildcard_translate
mod_csrf.TOKEN_FORM_STRINGS.append("csrfmiddlewaretoken")
from wapitiCore.main.wapiti import wapiti_main
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
"""


@dataclass
class Finding:
    tool: str
    severity: str
    category: str
    detail: str
    waived: str = ""

    def __str__(self):
        return f"{self.tool} {self.severity} {self.category}: {self.detail}"


@dataclass
class Phase:
    name: str
    findings: list[Finding] = field(default_factory=list)
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    note: str = ""


def log(message: str) -> None:
    print(f"[scan] {message}", flush=True)


# --- the database and the server ---------------------------------------------------------


def scan_environment(database_url: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="exchange_portal.settings.scan",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        CACHE_URL="locmemcache://",
        CELERY_BROKER_URL="filesystem://",
        EMAIL_URL="consolemail://",
        # Lockouts stay on, but late enough that the attacks reach the login form itself.
        AXES_FAILURE_LIMIT="100000",
        LOG_LEVEL="WARNING",
    )
    return env


def recreate_database(database_url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(database_url)
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    database = sql.Identifier(parts.path.lstrip("/"))
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(database))
    connection.close()


def run_python(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout if capture else ""


def portal_report(env: dict, command: str) -> dict:
    return json.loads(run_python(env, "scripts/scan_portal.py", command, capture=True))


def start_server(env: dict) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (OUT / "access.log").unlink(missing_ok=True)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "exchange_portal.wsgi",
            f"--bind=127.0.0.1:{port}",
            "--workers=3",
            "--timeout=60",
            f"--access-logfile={OUT / 'access.log'}",
            "--access-logformat=%(s)s %(m)s %(U)s",
            f"--error-logfile={OUT / 'gunicorn.log'}",
            # The portal's own log (tracebacks of server errors) goes to the same file.
            "--capture-output",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/en/", timeout=5):  # noqa: S310 - loopback
                return server, base
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("The portal did not answer on 127.0.0.1 within a minute.")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def session_cookie(base: str, username: str, password: str) -> str:
    """Log in through the login form; the Cookie header of that session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{base}/accounts/login/"
    page = opener.open(login).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "username": username, "password": password}
    opener.open(login, urlencode(form).encode())
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


class AccessLog:
    """The requests gunicorn answered since the last call: (status, method, path)."""

    def __init__(self, path: Path):
        self.path = path
        self.seen = 0

    def since_last(self) -> list[tuple[int, str, str]]:
        lines = self.path.read_text().splitlines() if self.path.exists() else []
        new, self.seen = lines[self.seen :], len(lines)
        return [(int(s), m, p) for s, m, p in (line.split(" ", 2) for line in new)]


# --- the scanners ----------------------------------------------------------------------------


def run_wapiti(name: str, *, base: str, start, exclude, args, extra=()) -> Phase:
    report = OUT / f"{name}.json"
    report.unlink(missing_ok=True)
    command = [
        "/usr/bin/python3",
        "-c",
        WAPITI,
        f"--url={base}",
        "--scope=folder",
        f"--module={WAPITI_MODULES}",
        "--format=json",
        f"--output={report}",
        "--flush-session",
        f"--store-session={OUT / 'wapiti-session'}",
        f"--store-config={OUT / 'wapiti-config'}",
        # wapiti 3.0.4 bounds the crawl with --max-scan-time, and then each attack module.
        f"--max-scan-time={args.wapiti_crawl_seconds}",
        f"--max-attack-time={args.wapiti_attack_seconds}",
        "--timeout=20",
        "--verbose=0",
        "--no-bugreport",
        *extra,
    ]
    command += [f"--start={url}" for url in start] + [f"--exclude={url}" for url in exclude]
    with (OUT / f"{name}.log").open("w") as output:
        subprocess.run(command, stdout=output, stderr=subprocess.STDOUT, check=False)
    if not report.exists():
        raise SystemExit(f"wapiti wrote no report for {name}: see var/scan/{name}.log")
    found = re.search(r"Wapiti found (\d+) URLs and forms", (OUT / f"{name}.log").read_text())
    note = f"{found.group(1) if found else '?'} URLs and forms crawled"
    return Phase(name, findings=wapiti_findings(json.loads(report.read_text())), note=note)


def wapiti_findings(report: dict) -> list[Finding]:
    findings = []
    for section in ("vulnerabilities", "anomalies"):
        for category, entries in report.get(section, {}).items():
            for entry in entries:
                level, info = int(entry.get("level") or 0), entry.get("info", "")
                where = f"{entry['method']} {entry['path']} {entry.get('parameter') or ''}"
                findings.append(
                    Finding(
                        "wapiti",
                        WAPITI_LEVELS.get(level, str(level)),
                        category,
                        f"{where.strip()}: {info}",
                        waived=WAIVERS.get((category, info), ""),
                    )
                )
    return findings


def run_sqlmap(name: str, *, url: str, args, extra=()) -> Phase:
    output_dir = OUT / "sqlmap" / name
    shutil.rmtree(output_dir, ignore_errors=True)
    command = [
        "sqlmap",
        f"--url={url}",
        "--batch",
        f"--level={args.sqlmap_level}",
        f"--risk={args.sqlmap_risk}",
        "--dbms=PostgreSQL",
        "--flush-session",
        "--disable-coloring",
        f"--output-dir={output_dir}",
        "--timeout=20",
        "--time-sec=2",
        *extra,
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    (OUT / f"{name}.log").write_text(result.stdout + result.stderr)
    tested = re.findall(r"testing for SQL injection on (\w+) parameter '([^']+)'", result.stdout)
    injectable = re.findall(r"Parameter: (.+?) \((\w+)\)", result.stdout)
    findings = [
        Finding("sqlmap", "high", "SQL injection", f"{place} parameter {parameter}")
        for parameter, place in injectable
    ]
    if not injectable and "do not appear to be injectable" not in result.stdout:
        findings.append(Finding("sqlmap", "error", "no verdict", f"see var/scan/{name}.log"))
    note = f"{len(tested)} parameters tested: {', '.join(f'{p} ({place})' for place, p in tested)}"
    return Phase(name, findings=findings, note=note)


# --- the whole scan ------------------------------------------------------------------------


def measured(phase_of, access: AccessLog, title: str) -> Phase:
    """Run one scanner; count what the portal answered meanwhile, and flag every 5xx."""
    started = time.monotonic()
    phase = phase_of()
    entries = access.since_last()
    phase.name = title
    phase.seconds = round(time.monotonic() - started, 1)
    phase.requests = len(entries)
    phase.statuses = Counter(status for status, _method, _path in entries)
    phase.findings += [
        Finding("portal", "high", f"HTTP {status}", f"{method} {path}")
        for status, method, path in entries
        if status >= 500
    ]
    return phase


def scanners(base: str, targets: dict, args) -> list:
    """(title, scanner) of each phase, in order."""
    logout = f"{base}/accounts/logout/"
    username, password = targets["staff"]
    catalogue = {
        "q": targets["query"],
        "region": targets["region"],
        "country": targets["country"],
        "institution": targets["institution"],
        "activity": targets["activity"],
        "level": targets["level"],
        "field": targets["field"],
        "closed": "on",
        "sort": "deadline",
    }
    register = f"{base}/en/offers/{targets['offer_slug']}/register/"
    registration = {
        "csrfmiddlewaretoken": "taken-from-the-form",
        "name": "Ana Lima",
        "email": "ana.lima@example.org",
        "study_programme": "Biomedical Sciences",
        "level": "master",
        "motivation": "Imaging research abroad.",
        "website": "",
    }
    search = {"q": "havana", "status": targets["project_status"], "sort": "title"}
    return [
        (
            "wapiti: public site and login",
            lambda: run_wapiti(
                "wapiti-public",
                base=f"{base}/",
                start=[f"{base}/en/", f"{base}/nl/", f"{base}/accounts/login/"],
                exclude=[logout],
                args=args,
            ),
        ),
        (
            "wapiti: workspace as staff",
            lambda: run_wapiti(
                "wapiti-workspace",
                base=f"{base}/workspace/",
                # With --auth-type post, the first start URL is the login page.
                start=[f"{base}/accounts/login/", f"{base}/workspace/"],
                # Logging out, deleting rows and erasing people would leave the attacks with
                # less to attack; those forms take no input but their CSRF token.
                exclude=[
                    logout,
                    f"{base}/accounts/password/change/",
                    f"{base}/workspace/*/delete/",
                    f"{base}/workspace/privacy/erase/",
                ],
                args=args,
                extra=["--auth-type=post", f"--auth-cred={username}%{password}"],
            ),
        ),
        (
            "sqlmap: catalogue filters (GET)",
            lambda: run_sqlmap(
                "sqlmap-catalogue", url=f"{base}/en/offers/?{urlencode(catalogue)}", args=args
            ),
        ),
        (
            "sqlmap: register interest (POST)",
            lambda: run_sqlmap(
                "sqlmap-register",
                url=register,
                args=args,
                extra=[
                    f"--data={urlencode(registration)}",
                    "--csrf-token=csrfmiddlewaretoken",
                    f"--csrf-url={register}",
                    "--skip=csrfmiddlewaretoken",
                ],
            ),
        ),
        (
            "sqlmap: workspace project search as staff (GET)",
            lambda: run_sqlmap(
                "sqlmap-workspace",
                url=f"{base}/workspace/projects/?{urlencode(search)}",
                args=args,
                extra=[
                    f"--cookie={session_cookie(base, username, password)}",
                    # Attacking the session cookie would only log the scanner out.
                    "--skip=sessionid,csrftoken",
                ],
            ),
        ),
    ]


def scan(args) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    env = scan_environment(args.database_url)
    log(f"database {urlsplit(args.database_url).path.lstrip('/')}: create, migrate, load_demo")
    recreate_database(args.database_url)
    run_python(env, "manage.py", "migrate", "--no-input", "-v", "0")
    run_python(env, "manage.py", "load_demo")
    run_python(env, "manage.py", "collectstatic", "--no-input", "-v", "0")
    targets = portal_report(env, "targets")
    server, base = start_server(env)
    log(f"gunicorn on {base} (exchange_portal.settings.scan)")
    access = AccessLog(OUT / "access.log")
    access.since_last()
    phases = []
    try:
        for title, scanner in scanners(base, targets, args):
            log(f"{title} ...")
            phases.append(measured(scanner, access, title))
    finally:
        log("stopping gunicorn")
        stop_server(server)
    validation = portal_report(env, "validate")
    phases.append(
        Phase(
            "re-validation of every row left in the database",
            findings=[Finding("portal", "high", "invalid row", p) for p in validation["problems"]],
            note=f"{validation['checked']} rows checked with full_clean()",
        )
    )
    return summarise(phases)


def summarise(phases: list[Phase]) -> int:
    findings = [finding for phase in phases for finding in phase.findings]
    blocking = [f for f in findings if not f.waived and f.severity != "info"]
    summary = {
        "phases": [
            {
                "name": phase.name,
                "note": phase.note,
                "requests": phase.requests,
                "seconds": phase.seconds,
                "statuses": dict(sorted(phase.statuses.items())),
                "findings": dict(Counter(f.severity for f in phase.findings if not f.waived)),
                "waived": [f"{f} ({f.waived})" for f in phase.findings if f.waived],
            }
            for phase in phases
        ],
        "requests": sum(phase.requests for phase in phases),
        "findings": dict(Counter(f.severity for f in findings if not f.waived)),
        "waived": len(findings) - len([f for f in findings if not f.waived]),
        "blocking": [str(f) for f in blocking],
    }
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2))
    for phase in summary["phases"]:
        log(f"{phase['name']}: {phase['note']}")
        log(
            f"  {phase['requests']} requests in {phase['seconds']} s {phase['statuses']}, "
            f"findings: {phase['findings'] or 'none'}"
        )
        for line in phase["waived"]:
            log(f"  waived: {line}")
    log(
        f"total: {summary['requests']} requests; findings above informational: "
        f"{len(blocking)}; waived: {summary['waived']}"
    )
    for line in summary["blocking"]:
        log(f"FINDING {line}")
    log("reports and summary.json in var/scan/")
    return 1 if blocking else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("SCAN_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument(
        "--wapiti-crawl-seconds", type=int, default=180, help="crawl time of each wapiti run"
    )
    parser.add_argument(
        "--wapiti-attack-seconds", type=int, default=30, help="per attack module and run"
    )
    parser.add_argument("--sqlmap-level", type=int, default=2)
    parser.add_argument("--sqlmap-risk", type=int, default=1)
    return scan(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
