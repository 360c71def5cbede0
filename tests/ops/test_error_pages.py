import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_unknown_url_shows_the_portal_404_page_without_details(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert "Traceback" not in content
    assert "urlpatterns" not in content


def test_server_error_shows_the_portal_500_page_without_details(settings):
    settings.ROOT_URLCONF = "tests.ops.failing_urls"
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong" in content
    assert "secret detail" not in content
