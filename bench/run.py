"""Benchmark runner: seed a large office on PostgreSQL, serve it with gunicorn, load it with wrk.

Every number is taken in one run, in interleaved rounds, and reported as a ratio to the
floor (a trivial view in the same process) and to the Django admin change list on the
same data, because absolute timings on a shared machine swing from run to run.

    python bench/run.py [--rounds 3] [--duration 3] [--scale 1.0] [--skip-seed] [--only PAGE]
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = os.environ.get("BENCH_DB", "portal_bench")
BASE_DB_URL = os.environ.get("BENCH_DATABASE_SERVER", "postgres://portal:portal@127.0.0.1:5432")
os.environ["DATABASE_URL"] = f"{BASE_DB_URL}/{DB_NAME}"
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
PORT = int(os.environ.get("BENCH_PORT", "8123"))
RESULTS = ROOT / "bench" / "results"
P95_SCRIPT = ROOT / "bench" / "p95.lua"


def recreate_database() -> None:
    import psycopg2

    admin = psycopg2.connect(f"{BASE_DB_URL}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    admin.close()


def staff_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.seed import STAFF_USERNAME

    client = Client()
    client.force_login(get_user_model().objects.get(username=STAFF_USERNAME))
    return client


def browser_cookies(client) -> str:
    """The cookies a signed-in browser sends: its session, and the CSRF cookie that the
    first page it was given set."""
    from django.conf import settings

    client.get("/workspace/")
    names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    return "; ".join(f"{name}={client.cookies[name].value}" for name in names)


def port_of(page: dict) -> int:
    return PORT if page["cached"] else PORT + 1


def url_of(page: dict) -> str:
    return f"http://127.0.0.1:{port_of(page)}{page['url']}"


def wrk(url: str, *, cookie: str | None, connections: int, seconds: int, p95: bool = False) -> dict:
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if p95:
        command += ["-s", str(P95_SCRIPT)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    result["errors"] = int(non_2xx.group(1)) if non_2xx else 0
    if p95:
        result["p95_ms"] = float(re.search(r"p95_ms=([\d.]+)", output).group(1))
    return result


def wait_until_idle(port: int, *, seconds: float = 30) -> None:
    """Let the workers finish the requests a saturation run left queued: a latency run that
    started behind them would time the queue, not the page."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor/", timeout=seconds)
        if time.monotonic() - started < 0.02:
            return
        time.sleep(0.1)


def start_gunicorn(port: int, **environment: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "bench.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **environment},
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor/", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def time_sweep(*, rounds: int) -> dict:
    from bench.sweep import measure_sweep

    return measure_sweep(rounds=rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=3, help="seconds per saturation run")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument(
        "--sweep-rounds", type=int, default=1, help="0 leaves the reminder sweep out"
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="PAGE",
        help="load only this page (repeatable; the floor and the admin are always loaded)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    import django

    if not args.skip_seed:
        recreate_database()
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.pages import measured_pages as page_list
    from bench.pages import query_counts
    from bench.seed import seed

    seeded = None
    call_command("migrate", verbosity=0)
    if not args.skip_seed:
        seeded = seed(scale=args.scale)
        print(f"Seeded {seeded}")
    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk load: statistics and the visibility map
        # (index-only scans).
        cursor.execute("VACUUM ANALYZE")
    call_command("collectstatic", "--no-input", verbosity=0)
    staff = staff_client()
    cookie = browser_cookies(staff)
    pages = [
        page
        for page in page_list()
        if not args.only
        or page["name"].removesuffix(" uncached") in {*args.only, "floor", "admin change list"}
    ]
    counts = query_counts(pages, staff=staff)

    # Two identical servers, one loaded at a time: the second has the public page cache off.
    servers = {
        True: start_gunicorn(PORT),
        False: start_gunicorn(PORT + 1, PUBLIC_PAGE_CACHE="false"),
    }
    samples: dict[str, list[dict]] = {page["name"]: [] for page in pages}
    try:
        for page in pages:  # warm up every worker and cache
            wrk(url_of(page), cookie=cookie if page["auth"] else None, connections=4, seconds=1)
        for round_number in range(1, args.rounds + 1):
            for page in pages:
                port = port_of(page)
                page_cookie = cookie if page["auth"] else None
                wait_until_idle(port)
                saturated = wrk(
                    url_of(page), cookie=page_cookie, connections=16, seconds=args.duration
                )
                wait_until_idle(port)
                quiet = wrk(
                    url_of(page),
                    cookie=page_cookie,
                    connections=1,
                    seconds=max(2, args.duration // 2),
                    p95=True,
                )
                samples[page["name"]].append({**saturated, "p95_ms": quiet["p95_ms"]})
                print(
                    f"  {page['name']}: {saturated['rps']:.0f} req/s, p95 {quiet['p95_ms']:.1f} ms",
                    flush=True,
                )
            print(f"round {round_number}/{args.rounds} done", flush=True)
    finally:
        for server in servers.values():
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)

    report = build_report(pages, samples, counts, None, seeded)
    write(report)
    if args.sweep_rounds:
        report["sweep"] = time_sweep(rounds=args.sweep_rounds)
        write(report)
    print(markdown(report))


def write(report: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    (RESULTS / "latest.md").write_text(markdown(report))


def build_report(pages, samples, counts, sweep, seeded) -> dict:
    medians = {
        name: {
            "rps": statistics.median(s["rps"] for s in runs),
            "p95_ms": statistics.median(s["p95_ms"] for s in runs),
            "errors": sum(s["errors"] for s in runs),
        }
        for name, runs in samples.items()
    }
    floor, admin = medians["floor"]["rps"], medians["admin change list"]["rps"]
    rows = []
    for page in pages:
        m = medians[page["name"]]
        rows.append(
            {
                "page": page["name"],
                "url": page["url"],
                "rps": round(m["rps"], 1),
                "p95_ms": round(m["p95_ms"], 1),
                "errors": m["errors"],
                "vs_floor": round(m["rps"] / floor, 3),
                "vs_admin": round(m["rps"] / admin, 2),
                "queries": counts[page["name"]],
            }
        )
    return {"seeded": seeded, "pages": rows, "sweep": sweep, "raw": samples}


def markdown(report: dict) -> str:
    lines = [
        "| page | req/s | p95 ms (1 conn) | x floor | x admin | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in report["pages"]:
        lines.append(
            f"| {row['page']} | {row['rps']:.0f} | {row['p95_ms']:.1f} | {row['vs_floor']:.2f} "
            f"| {row['vs_admin']:.2f} | {row['queries']} |"
        )
    sweep = report["sweep"]
    if sweep:
        lines.append("")
        lines.append(
            f"Reminder sweep over {sweep['deadlines']} deadlines and "
            f"{sweep['participant_files']} participant files: {sweep['sweep_seconds']:.2f} s, "
            f"bare iteration floor {sweep['floor_seconds']:.2f} s, ratio {sweep['ratio']:.1f}x, "
            f"peak memory {sweep['peak_mib']:.0f} MiB (floor {sweep['floor_peak_mib']:.0f} MiB)."
        )
    lines += ["", "| target | measured | |", "| --- | ---: | --- |"]
    for name, measured, goal, met in targets_met(report):
        lines.append(f"| {name} | {measured} | {'met' if met else f'missed ({goal})'} |")
    return "\n".join(lines) + "\n"


def targets_met(report: dict) -> list[tuple[str, str, str, bool]]:
    """The issue's targets, each as (what, measured, goal, met), for the pages measured."""
    rows = {row["page"]: row for row in report["pages"]}
    checks = []

    def ratio(name: str, value: float, goal: float, unit: str) -> None:
        checks.append((name, f"{value:.3g}{unit}", f"{goal}{unit}", value >= goal))

    for page in ("catalogue page 1", "catalogue page 100", "catalogue search"):
        if page in rows:
            ratio(f"{page}, cached, x floor", rows[page]["vs_floor"], 0.5, "")
        if f"{page} uncached" in rows:
            ratio(f"{page}, uncached, x floor", rows[f"{page} uncached"]["vs_floor"], 0.1, "")
    first, deep = rows.get("catalogue page 1 uncached"), rows.get("catalogue page 100 uncached")
    if first and deep:
        ratio("catalogue page 100 / page 1, uncached", deep["rps"] / first["rps"], 0.8, "")
    for page in ("staff project list", "project detail"):
        if page in rows:
            ratio(f"{page}, x admin", rows[page]["vs_admin"], 3, "")
    sweep = report["sweep"]
    if sweep:
        checks.append(
            ("reminder sweep / floor", f"{sweep['ratio']:.1f}x", "15x", sweep["ratio"] <= 15)
        )
    return checks


if __name__ == "__main__":
    main()
