"""The portal's side of `make scan`, run in the scan's environment (see scripts/scan.py).

    python scripts/scan_portal.py targets    real values for the forms the scanners attack
    python scripts/scan_portal.py validate   full_clean() every row the portal holds

Each prints one line of JSON.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.utils import timezone  # noqa: E402

from demo.seed import STAFF_PASSWORD, STAFF_USERNAME  # noqa: E402
from public_site import regions, selectors  # noqa: E402

PORTAL_APPS = {"partners", "projects", "mobility", "outbox", "reminders", "ops"}


def targets() -> dict:
    """An open offer and filter values that find it: sqlmap compares pages with and without
    results to see what a parameter does."""
    offer = selectors.open_offers(today=timezone.localdate()).select_related("partner").first()
    country = offer.partner.country.code
    return {
        "offer_slug": offer.slug,
        "query": max(offer.title.split(), key=len),
        "region": regions.region_of(country).slug,
        "country": country,
        "institution": offer.partner_id,
        "field": offer.subject_area_id,
        "activity": offer.activity,
        "level": offer.level,
        "project_status": offer.project.status,
        "staff": [STAFF_USERNAME, STAFF_PASSWORD],
    }


def validate() -> dict:
    checked, problems = 0, []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in PORTAL_APPS or model.__name__.startswith("Historical"):
            continue
        for row in model._default_manager.all():
            checked += 1
            try:
                row.full_clean()
            except ValidationError as error:
                problems.append(f"{model._meta.label} {row.pk}: {error.messages}")
    return {"checked": checked, "problems": problems}


if __name__ == "__main__":
    print(json.dumps({"targets": targets, "validate": validate}[sys.argv[1]]()))
