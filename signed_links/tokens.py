"""Signed links with a lifetime that can be revoked, for people without an account.

A token signs its data together with the version of its address's links and a digest of
the address: revoking (raising the version) or changing the address invalidates every
link made before. An expired or revoked link still proves which link it was, so its page
can offer to send a fresh one to the same address.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.core import signing
from django.utils.crypto import salted_hmac

from .models import LinkKey

ADDRESS_DIGEST_SALT = "signed_links.address"


class LinkExpired(Exception):
    """The signature is right but the link is older than it may be; `data` is what it held."""

    def __init__(self, data: dict):
        super().__init__("This link has expired.")
        self.data = data


class LinkRevoked(Exception):
    """The signature is right but the address's links were revoked since, or it changed."""

    def __init__(self, data: dict):
        super().__init__("This link has been revoked.")
        self.data = data


def masked_address(address: str) -> str:
    """Enough of an address to recognise it, not enough to learn it: m•••@example.org."""
    local, _at, domain = address.partition("@")
    return f"{local[:1]}\u2022\u2022\u2022@{domain}"


def normalised(address: str) -> str:
    return address.strip().lower()


def address_digest(address: str) -> str:
    return salted_hmac(ADDRESS_DIGEST_SALT, normalised(address)).hexdigest()[:16]


def link_version(address: str) -> int:
    return link_versions([address]).get(normalised(address), 0)


def link_versions(addresses: Iterable[str]) -> dict[str, int]:
    """The current link version of each address (lower-cased) that has one other than 0."""
    wanted = {normalised(address) for address in addresses}
    return dict(LinkKey.objects.filter(address__in=wanted).values_list("address", "version"))


def make_token(*, salt: str, data: dict, address: str, version: int | None = None) -> str:
    """A signed token for `data`, valid while the address's links keep their version."""
    if version is None:
        version = link_version(address)
    return signing.dumps({**data, "v": version, "a": address_digest(address)}, salt=salt)


def read_token(token: str, *, salt: str, max_age: timedelta) -> dict:
    """The token's data; LinkExpired when too old, signing.BadSignature when forged.

    Whether it was revoked is checked against its address with check_current.
    """
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired(signing.loads(token, salt=salt)) from error


def read_any_age(token: str, *, salt: str) -> dict:
    """The data of a genuine token however old (to send a fresh link to the same address)."""
    return signing.loads(token, salt=salt)


def check_current(data: dict, *, address: str) -> None:
    """LinkRevoked unless the token was made for this address at its current version."""
    if data.get("a") != address_digest(address) or data.get("v") != link_version(address):
        raise LinkRevoked(data)


def issued_within(token: str, *, salt: str, max_age: timedelta) -> bool:
    """Whether a genuine token was made less than max_age ago (a "fresh" link)."""
    try:
        signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return False
    return True
