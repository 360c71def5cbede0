"""The workspace's navigation in the HTML: which menus each role gets, and which link is marked
as the current page."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MARKED = re.compile(r'<a class="dropdown-item active" aria-current="page" href="([^"]+)">')
TOGGLE = re.compile(
    r'<button class="nav-link dropdown-toggle btn btn-link[^"]*"[^>]*>([^<]+)</button>'
)
ACTIVE_TOGGLE = re.compile(
    r'<button class="nav-link dropdown-toggle btn btn-link active"[^>]*>([^<]+)</button>'
)


def navigation(html: str) -> str:
    return html[html.index('id="main-nav"') : html.index("</nav>")]


@pytest.mark.parametrize(
    ("url_name", "menu", "marked_url_name"),
    [
        ("agreements:list", "Partners", "agreements:list"),
        ("agreements:nomination-list", "Partners", "agreements:nomination-list"),
        ("workspace:institution-list", "Partners", "workspace:institution-list"),
        ("workspace:person-list", "Partners", "workspace:person-list"),
        ("workspace:offer-list", "Applications", "workspace:offer-list"),
        ("applications:offer-list", "Applications", "applications:offer-list"),
        ("reminders:staff-list", "Office", "reminders:staff-list"),
        ("documents:template-list", "Office", "documents:template-list"),
        ("workspace:deleted-list", "Office", "workspace:deleted-list"),
    ],
)
def test_a_menu_page_marks_its_menu_and_only_its_own_link(
    login, staff_user, url_name, menu, marked_url_name
):
    response = login(staff_user).get(reverse(url_name))

    html = navigation(response.content.decode())
    assert response.status_code == 200
    assert ACTIVE_TOGGLE.findall(html) == [menu]
    assert MARKED.findall(html) == [reverse(marked_url_name)]


def test_a_page_below_a_menu_link_marks_that_link(login, staff_user, world_a):
    response = login(staff_user).get(
        reverse("workspace:institution-detail", args=[world_a.partner.pk])
    )

    html = navigation(response.content.decode())
    assert ACTIVE_TOGGLE.findall(html) == ["Partners"]
    assert MARKED.findall(html) == [reverse("workspace:institution-list")]


def test_the_dashboard_marks_no_menu(login, staff_user):
    html = navigation(login(staff_user).get(reverse("workspace:dashboard")).content.decode())

    assert ACTIVE_TOGGLE.findall(html) == []
    assert MARKED.findall(html) == []
    assert 'class="nav-link active" aria-current="page" href="/workspace/"' in html


def test_staff_get_three_menus_and_coordinators_two_without_the_nominations(
    login, staff_user, coordinator_a, world_a
):
    staff_html = navigation(login(staff_user).get(reverse("workspace:dashboard")).content.decode())
    coordinator_html = navigation(
        login(coordinator_a).get(reverse("workspace:dashboard")).content.decode()
    )

    assert TOGGLE.findall(staff_html) == ["Applications", "Partners", "Office"]
    assert TOGGLE.findall(coordinator_html) == ["Applications", "Partners"]
    assert reverse("agreements:nomination-list") in staff_html
    assert reverse("agreements:nomination-list") not in coordinator_html
    assert reverse("reminders:staff-list") not in coordinator_html
