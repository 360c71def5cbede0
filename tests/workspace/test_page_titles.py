"""Create pages say what is being created, in the title, the heading and the breadcrumb."""

import re

import pytest
from django.urls import reverse

CREATE_PAGES = [
    ("workspace:project-create", {}, "New project", "Nieuw project"),
    ("workspace:institution-create", {}, "New institution", "Nieuwe instelling"),
    ("workspace:person-create", {}, "New person", "Nieuwe persoon"),
    ("workspace:offer-create", {}, "New offer", "Nieuwe uitwisseling"),
    ("workspace:mobility-create", {"project": True}, "New mobility", "Nieuwe mobiliteit"),
]


def page_names(html: str) -> tuple[str, str, str]:
    title = re.search(r"<title>(.*?) · ", html, re.S).group(1).strip()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()
    crumb = re.search(r'<li class="breadcrumb-item active"[^>]*>(.*?)</li>', html, re.S)
    return title, heading, crumb.group(1).strip()


@pytest.mark.parametrize(("url_name", "kwargs", "english", "dutch"), CREATE_PAGES)
def test_create_page_names_what_is_created_in_english_and_dutch(
    login, staff_user, world_a, url_name, kwargs, english, dutch
):
    args = [world_a.project.pk] if kwargs.get("project") else []
    client = login(staff_user)

    in_english = client.get(reverse(url_name, args=args), headers={"accept-language": "en"})
    in_dutch = client.get(reverse(url_name, args=args), headers={"accept-language": "nl"})

    assert page_names(in_english.content.decode()) == (english, english, english)
    assert page_names(in_dutch.content.decode()) == (dutch, dutch, dutch)


def test_edit_page_names_the_object_being_edited(login, staff_user, world_a):
    url = reverse("workspace:project-update", args=[world_a.project.pk])

    response = login(staff_user).get(url, headers={"accept-language": "en"})

    assert page_names(response.content.decode()) == (
        "Edit Leiden and Havana",
        "Edit Leiden and Havana",
        "Edit",
    )
