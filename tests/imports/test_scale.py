"""The preview of a Beneficiary Module file of 10,000 mobilities, timed."""

import csv
import datetime
import io
import time

import pytest

from imports.services import create_batch, preview_batch
from mobility.exports.beneficiary_module import BENEFICIARY_MODULE_COLUMNS
from tests.imports.conftest import GRANT_AGREEMENT

# About 11 s on two shared cores: a benchmark, not make test
# (pytest -m bench tests/imports/test_scale.py runs it).
pytestmark = [pytest.mark.django_db, pytest.mark.bench]

MOBILITIES = 10_000
# The issue asks for under a minute on two cores.
SECONDS_ALLOWED = 60


def bm_file(count: int) -> bytes:
    keys = [key for key, _title in BENEFICIARY_MODULE_COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title for _key, title in BENEFICIARY_MODULE_COLUMNS])
    start = datetime.date(2021, 3, 1)
    for number in range(count):
        day = start + datetime.timedelta(days=number % 300)
        row = {
            "grant_agreement_number": GRANT_AGREEMENT,
            "mobility_id": f"NAG-{number:05d}",
            "activity_type": "HE-STA",
            "first_name": "Aiko",
            "last_name": f"Tanaka {number}",
            "email": f"aiko.{number}@example.org",
            "sending_oid": "E10208764",
            "receiving_erasmus_code": "NL LEIDEN01",
            "transport_means": "Plane",
            "start_date": day.strftime("%d-%m-%Y"),
            "end_date": (day + datetime.timedelta(days=4)).strftime("%d-%m-%Y"),
            "funded_travel_days": "2",
        }
        writer.writerow([row.get(key, "") for key in keys])
    return buffer.getvalue().encode()


def test_ten_thousand_mobilities_preview_within_a_minute(project, staff):
    batch = create_batch(
        kind="mobilities", filename="bm.csv", content=bm_file(MOBILITIES), by=staff
    )

    began = time.monotonic()
    batch = preview_batch(batch=batch)
    seconds = time.monotonic() - began

    assert (batch.rows_new, batch.rows_refused) == (MOBILITIES, 0), batch.preview["rows"][0][
        "problems"
    ]
    assert seconds < SECONDS_ALLOWED, f"{seconds:.1f} s"
    print(f"10,000 mobilities previewed in {seconds:.1f} s")
