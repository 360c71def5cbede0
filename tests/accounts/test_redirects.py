"""The one way back to where a form was sent from (accounts.redirects)."""

import pytest
from django.test import RequestFactory

from accounts.redirects import next_url, redirect_to_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/workspace/projects/?status=running", "/workspace/projects/?status=running"),
        ("https://evil.example.com/", "/workspace/deadlines/"),
        ("//evil.example.com/workspace/", "/workspace/deadlines/"),
        ("http://testserver/workspace/", "/workspace/deadlines/"),
        ("https://testserver/workspace/", "https://testserver/workspace/"),
        ("javascript:alert(1)", "/workspace/deadlines/"),
        ("", "/workspace/deadlines/"),
    ],
)
def test_next_url_of_a_secure_post_stays_on_the_site(target, expected):
    request = RequestFactory().post("/", {"next": target}, secure=True)

    assert next_url(request, fallback="workspace:deadline-list") == expected


def test_next_url_of_a_get_reads_the_query():
    request = RequestFactory().get("/", {"next": "/workspace/offers/"})

    assert next_url(request, fallback="/workspace/") == "/workspace/offers/"


def test_redirect_to_next_refuses_another_site():
    request = RequestFactory().post("/", {"next": "https://evil.example.com/"})

    response = redirect_to_next(request, fallback="workspace:deadline-list")

    assert (response.status_code, response["Location"]) == (302, "/workspace/deadlines/")
