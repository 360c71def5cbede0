import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.apps import apps
from django.db import connection

from tests.factories import (
    InterestRegistrationFactory,
    MobilityFactory,
    MobilityGrantFactory,
    OutgoingEmailFactory,
    ProjectPartnerFactory,
)

ROOT = Path(__file__).resolve().parents[2]


def _url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{name}"


def _row_counts(cursor) -> dict[str, int]:
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - table names from models
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def empty_database():
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = psycopg2.connect(_url(connection.settings_dict["NAME"]))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database_with_the_same_row_counts(empty_database, tmp_path):
    ProjectPartnerFactory.create_batch(3)
    MobilityGrantFactory.create_batch(2)
    MobilityFactory.create_batch(4)
    InterestRegistrationFactory.create_batch(5)
    OutgoingEmailFactory.create_batch(2)
    dump = tmp_path / "portal.dump"
    source_url = _url(connection.settings_dict["NAME"])

    subprocess.run(
        ["bash", "scripts/backup.sh", str(dump)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": source_url},
        check=True,
    )
    subprocess.run(
        ["bash", "scripts/restore.sh", str(dump)],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": _url(empty_database)},
        check=True,
    )

    with connection.cursor() as cursor:
        expected = _row_counts(cursor)
    restored = psycopg2.connect(_url(empty_database))
    with restored, restored.cursor() as cursor:
        actual = _row_counts(cursor)
    restored.close()
    assert actual == expected
    assert expected["mobility_mobility"] == 4
    assert expected["mobility_interestregistration"] == 5
