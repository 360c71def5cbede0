from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import signing
from django.db import IntegrityError, transaction

from signed_links.models import LinkKey
from signed_links.services import renew_links, revoke_links
from signed_links.tokens import (
    LinkExpired,
    LinkRevoked,
    check_current,
    make_token,
    masked_address,
    read_any_age,
    read_token,
)

pytestmark = pytest.mark.django_db

SALT = "tests.link"
NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


def test_token_reads_back_its_data_while_young_enough():
    token = make_token(salt=SALT, data={"p": 7}, address="maria@example.org")

    data = read_token(token, salt=SALT, max_age=timedelta(days=1))

    assert data["p"] == 7
    check_current(data, address="Maria@Example.org")


def test_token_older_than_its_lifetime_is_expired_but_still_tells_what_it_was():
    with time_machine.travel(NOW, tick=False):
        token = make_token(salt=SALT, data={"p": 7}, address="maria@example.org")
    with (
        time_machine.travel(NOW + timedelta(days=2), tick=False),
        pytest.raises(LinkExpired) as expired,
    ):
        read_token(token, salt=SALT, max_age=timedelta(days=1))

    assert expired.value.data["p"] == 7


def test_token_with_another_salt_is_refused():
    token = make_token(salt=SALT, data={"p": 7}, address="maria@example.org")

    with pytest.raises(signing.BadSignature):
        read_token(token, salt="tests.other", max_age=timedelta(days=1))
    with pytest.raises(signing.BadSignature):
        read_any_age(token, salt="tests.other")


def test_revoking_an_address_stops_its_tokens_and_only_its_own():
    maria = make_token(salt=SALT, data={"p": 7}, address="maria@example.org")
    jan = make_token(salt=SALT, data={"p": 8}, address="jan@example.org")

    revoke_links(address="MARIA@example.org", now=NOW)

    with pytest.raises(LinkRevoked):
        check_current(read_any_age(maria, salt=SALT), address="maria@example.org")
    check_current(read_any_age(jan, salt=SALT), address="jan@example.org")
    fresh = make_token(salt=SALT, data={"p": 7}, address="maria@example.org")
    check_current(read_any_age(fresh, salt=SALT), address="maria@example.org")
    assert LinkKey.objects.get().address == "maria@example.org"


def test_token_for_another_address_is_revoked():
    token = make_token(salt=SALT, data={"p": 7}, address="maria@example.org")

    with pytest.raises(LinkRevoked):
        check_current(read_any_age(token, salt=SALT), address="mallory@example.org")


def test_renewing_is_answered_at_most_every_15_minutes():
    first = renew_links(address="maria@example.org", now=NOW)
    too_soon = renew_links(address="maria@example.org", now=NOW + timedelta(minutes=14))
    later = renew_links(address="maria@example.org", now=NOW + timedelta(minutes=15))

    assert (first, too_soon, later) == (True, False, True)
    assert LinkKey.objects.get().version == 2


def test_link_key_address_in_capitals_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkKey.objects.create(address="Maria@example.org")


def test_masked_address_keeps_the_first_letter_and_the_domain():
    assert masked_address("maria@example.org") == "m\u2022\u2022\u2022@example.org"
