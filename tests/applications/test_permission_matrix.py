"""Every URL of the applications, the office's and the applicant's, for every kind of
visitor, exactly: the office, the project's coordinator, another project's coordinator, a
reviewer of the offer (who coordinates a third project), a user without a role, the
applicant signed in by their link, another applicant signed in by theirs, and anonymous.

A URL added to applications/urls.py without a row here fails test_matrix_covers_every_url.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from applications import services
from applications.signin import SESSION_KEY
from applications.urls import public_urlpatterns, urlpatterns
from tests.factories import UserFactory
from tests.workspace.conftest import make_coordinator

from .conftest import make_offer_world, submitted

ROLES = (
    "anonymous",
    "no_role",
    "staff",
    "coordinator",
    "other_coordinator",
    "reviewer",
    "applicant",
    "other_applicant",
)
LOGIN = "login"  # a 302 to the login page

# Expected status codes, in the order of ROLES.
# The office's pages: the project's coordinators, the reviewers and the office read them.
OFFICE_READ = (LOGIN, 403, 200, 200, 403, 200, LOGIN, LOGIN)
# Managing the call and ranking: the office and the project's coordinators.
MANAGE = (LOGIN, 403, 200, 200, 403, 403, LOGIN, LOGIN)
MANAGE_ACTS = (LOGIN, 403, 302, 302, 403, 403, LOGIN, LOGIN)
# Allocating, sending decisions, creating the mobility: the office only.
DECIDE = (LOGIN, 403, 200, 403, 403, 403, LOGIN, LOGIN)
DECIDE_ACTS = (LOGIN, 403, 302, 403, 403, 403, LOGIN, LOGIN)
# The list of offers shows counts only: every workspace role.
WORKSPACE = (LOGIN, 403, 200, 200, 200, 200, LOGIN, LOGIN)
# A review is written by the offer's reviewers alone (an empty one is saved as a draft).
REVIEW_WRITE = (LOGIN, 403, 403, 403, 403, 302, LOGIN, LOGIN)
# The applicant's own application: their signed session only.
OWN = (404, 404, 404, 404, 404, 404, 200, 404)
OWN_ACTS = (404, 404, 404, 404, 404, 404, 302, 404)
# A submitted application no longer changes: its applicant is told so (409).
OWN_SUBMITTED_EDIT = (404, 404, 404, 404, 404, 404, 409, 404)
# A document: its applicant, the office, the project's coordinators and the reviewers;
# 403 to another workspace user, 404 to anyone without a workspace login.
DOCUMENT = (404, 403, 200, 200, 403, 200, 200, 404)
# The list of one's applications: anyone (empty without a signed session).
ANYONE = (200,) * 8
# A sign-in link is the capability itself: whoever opens it is signed in as its address;
# asking for a fresh link answers with the same page to anyone (it goes to the address).
SIGN_IN = (302,) * 8


@dataclass(frozen=True)
class Row:
    name: str
    expected: tuple
    kwargs: Callable = field(default=lambda world: {})
    method: str = "get"

    @property
    def id(self) -> str:
        return f"{self.name}:{self.method}"


@dataclass
class World:
    offer_world: object
    application: object
    other_application: object

    @property
    def offer(self):
        return self.offer_world.offer


def offer(world):
    return {"pk": world.offer.pk}


def application(world):
    return {"pk": world.application.pk}


def document(world):
    return {"pk": world.application.documents.get().pk}


def token(world):
    url = services.sign_in_url(email=world.application.email, language="en")
    return {"token": urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]}


MATRIX = [
    Row("applications:offer-list", WORKSPACE),
    Row("applications:offer", OFFICE_READ, offer),
    Row("applications:call", MANAGE, offer),
    Row("applications:call", MANAGE, offer, "post"),
    Row("applications:criterion-add", MANAGE, offer, "post"),
    Row("applications:ranking", MANAGE, offer),
    Row("applications:allocate", DECIDE_ACTS, offer, "post"),
    Row("applications:offer-next", DECIDE_ACTS, offer, "post"),
    Row("applications:decisions", DECIDE, offer),
    Row("applications:decisions", DECIDE_ACTS, offer, "post"),
    Row("applications:review", OFFICE_READ, application),
    Row("applications:review", REVIEW_WRITE, application, "post"),
    Row("applications:status", MANAGE_ACTS, application, "post"),
    Row("applications:create-mobility", DECIDE_ACTS, application, "post"),
    Row("public:my-applications", ANYONE),
    Row("public:application-sign-in", SIGN_IN, token),
    Row("public:application-renew", ANYONE, token, "post"),
    Row("public:application", OWN, application),
    Row("public:application", OWN_SUBMITTED_EDIT, application, "post"),
    Row("public:application-withdraw", OWN_ACTS, application, "post"),
    Row("public:application-document", DOCUMENT, document),
]


def test_matrix_covers_every_url():
    names = {f"applications:{p.name}" for p in urlpatterns} | {
        f"public:{p.name}" for p in public_urlpatterns
    }

    assert {row.name for row in MATRIX} == names


@pytest.fixture
def world(db):
    coordinator = make_coordinator("coordinator", first_name="Maria", last_name="Yazdanbakhsh")
    offer_world = make_offer_world(coordinator=coordinator, title="Leiden and Havana", slug="a")
    other = make_coordinator("other-coordinator", first_name="Kenji", last_name="Sato")
    make_offer_world(coordinator=other, title="LUMC and Nagasaki", slug="b")
    reviewer = make_coordinator("reviewer", first_name="Ines", last_name="Alves")
    make_offer_world(coordinator=reviewer, title="Porto and Maputo", slug="c")
    offer_world.call.reviewers.set([reviewer])
    return World(
        offer_world=offer_world,
        application=submitted(offer_world.offer, "eva@example.org", last_name="Jansen"),
        other_application=submitted(offer_world.offer, "bas@example.org", last_name="Bos"),
    )


@pytest.fixture
def visitor(client, world):
    """A client as the role: logged in, or signed in by a sign-in link, or neither."""
    from django.contrib.auth.models import Group, User

    from accounts.rules import STAFF_GROUP

    def as_role(role):
        client.logout()
        if role in ("applicant", "other_applicant"):
            address = (world.application if role == "applicant" else world.other_application).email
            client.get(urlsplit(services.sign_in_url(email=address, language="en")).path)
            assert client.session[SESSION_KEY] == address
        elif role == "staff":
            user = UserFactory(username="office")
            user.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        elif role == "no_role":
            client.force_login(UserFactory(username="nobody"))
        elif role != "anonymous":
            user = User.objects.get(username=role.replace("_", "-"))
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return as_role


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.id)
def test_application_permission_matrix(row, role, world, visitor):
    client = visitor(role)
    with_language = row.name.startswith("public:")
    url = reverse(row.name, kwargs=row.kwargs(world))
    if with_language:
        url = f"/en{url}" if not url.startswith("/en/") else url
    expected = row.expected[ROLES.index(role)]

    response = getattr(client, row.method)(url)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected
        if expected == 302:
            assert not response["Location"].startswith(reverse("accounts:login"))


def test_invalid_criterion_is_shown_again_with_its_error(world, visitor):
    client = visitor("coordinator")

    response = client.post(
        reverse("applications:criterion-add", kwargs=offer(world)),
        {"name": "Motivation", "weight": "0", "scale_max": "10"},
    )

    assert response.status_code == 200
    assert response.context["criterion_form"].errors == {"weight": ["Enter at least 1."]}
    assert list(world.offer_world.call.criteria.values_list("name", flat=True)) == []


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("applicant", {"eva@example.org"}),
        ("other_applicant", {"bas@example.org"}),
        ("staff", set()),
        ("anonymous", set()),
    ],
)
def test_my_applications_shows_the_signed_in_address_alone(role, shown, world, visitor):
    text = visitor(role).get("/en/applications/").content.decode()

    assert {address for address in ("eva@example.org", "bas@example.org") if address in text} == (
        shown
    )


@pytest.mark.parametrize(("role", "names_shown"), [("other_coordinator", False), ("staff", True)])
def test_offer_list_names_no_applicant(role, names_shown, world, visitor):
    offer_list = visitor(role).get(reverse("applications:offer-list")).content.decode()
    offer_page = visitor(role).get(reverse("applications:offer", kwargs=offer(world)))

    assert "Jansen" not in offer_list
    assert "Teaching at Leiden and Havana" in offer_list
    assert ("Jansen" in offer_page.content.decode()) is names_shown
