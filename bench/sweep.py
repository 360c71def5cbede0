"""Time the reminder sweep over the seeded deadlines and participant files (what the hourly
task does) against a floor in the same run.

The floor iterates the same due rows, with the same related rows, and does nothing with
them. Each measurement runs in a fresh process (peak memory is that process's own) and the
sweep's writes are rolled back, so the two can be repeated and interleaved.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MEASURE = r"""
import json, resource, sys, time
import django
django.setup()
from django.db import transaction
from django.utils import timezone
from reminders import participants, selectors, services

class Rollback(Exception):
    pass

now = timezone.now()
today = timezone.localdate(now)
started = time.perf_counter()
if sys.argv[1] == "floor":
    deadlines = sum(1 for _ in selectors.deadlines_to_remind(today=today).iterator(chunk_size=2000))
    files = sum(1 for _ in participants.files_to_remind(today=today).iterator(chunk_size=2000))
    result = [deadlines, files]
else:
    try:
        with transaction.atomic():
            result = [
                services.send_due_reminders(now=now),
                participants.send_due_participant_reminders(now=now),
            ]
            raise Rollback
    except Rollback:
        pass
seconds = time.perf_counter() - started
peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "result": result, "peak_mib": peak_mib}))
"""


def _measure(kind: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, kind],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure_sweep(*, rounds: int = 2) -> dict:
    floors, sweeps = [], []
    for _ in range(rounds):
        floors.append(_measure("floor"))
        sweeps.append(_measure("sweep"))
    floor = min(f["seconds"] for f in floors)
    sweep = min(s["seconds"] for s in sweeps)
    return {
        "deadlines": floors[0]["result"][0],
        "participant_files": floors[0]["result"][1],
        "reminders_recorded": sweeps[0]["result"][0],
        "participant_reminders_recorded": sweeps[0]["result"][1],
        "floor_seconds": round(floor, 3),
        "sweep_seconds": round(sweep, 3),
        "ratio": round(sweep / floor, 2),
        "peak_mib": round(max(s["peak_mib"] for s in sweeps), 1),
        "floor_peak_mib": round(max(f["peak_mib"] for f in floors), 1),
    }
