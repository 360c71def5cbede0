import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_without_exceptions(settings):
    settings.ROOT_URLCONF = "tests.ops.database_down_urls"
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/refused/", "/closed/", "/dropped/"])
def test_lost_database_answers_503_with_retry_after_and_the_portal_page(
    client_without_exceptions, path
):
    response = client_without_exceptions.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"].startswith("max-age=0")
    content = response.content.decode()
    assert "<title>Briefly unavailable · Exchange Portal</title>" in content
    assert "may not have been saved" in content
    assert "Connection refused" not in content
    assert "connection already closed" not in content
    assert "server closed" not in content


def test_other_errors_still_answer_the_500_page(client_without_exceptions):
    response = client_without_exceptions.get("/broken/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
