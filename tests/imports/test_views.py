import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from imports.models import ImportBatch
from partners.models import Institution
from projects.models import Person
from tests.factories import UserFactory
from tests.imports.conftest import file_bytes
from tests.workspace.conftest import MODEL_BACKEND, make_coordinator, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    client.force_login(make_staff(), backend=MODEL_BACKEND)
    return client


@pytest.fixture
def batch(db):
    return ImportBatch.objects.create(kind="partners", filename="partners.csv")


def upload(client, name, kind="partners"):
    return client.post(
        reverse("imports:upload"),
        {"kind": kind, "file": SimpleUploadedFile(name, file_bytes(name))},
    )


PAGES = [
    ("get", "imports:list", False),
    ("post", "imports:upload", False),
    ("get", "imports:detail", True),
    ("get", "imports:columns", True),
    ("post", "imports:columns", True),
    ("get", "imports:progress", True),
    ("post", "imports:confirm", True),
    ("post", "imports:undo", True),
]


@pytest.mark.parametrize(("method", "name", "with_batch"), PAGES)
def test_anonymous_visitors_go_to_the_login_page(client, batch, method, name, with_batch):
    url = reverse(name, kwargs={"pk": batch.pk} if with_batch else {})

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("method", "name", "with_batch"), PAGES)
@pytest.mark.parametrize("role", ["coordinator", "no role"])
def test_coordinators_and_users_without_a_role_are_refused(
    client, batch, method, name, with_batch, role
):
    user = make_coordinator("coordinator-a") if role == "coordinator" else UserFactory()
    client.force_login(user, backend=MODEL_BACKEND)
    url = reverse(name, kwargs={"pk": batch.pk} if with_batch else {})

    response = getattr(client, method)(url)

    assert response.status_code == 403
    assert ImportBatch.objects.get().status == ImportBatch.Status.UPLOADED


def test_navigation_links_the_import_for_staff_only(office, client):
    link = f'href="{reverse("imports:list")}"'
    assert link in office.get(reverse("imports:list")).content.decode()

    client.force_login(make_coordinator("coordinator-a"), backend=MODEL_BACKEND)
    assert link not in client.get(reverse("workspace:dashboard")).content.decode()


def test_upload_map_preview_confirm_and_undo(office):
    response = upload(office, "partners.csv")
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("imports:columns", kwargs={"pk": batch.pk})
    page = office.get(response["Location"]).content.decode()
    assert '<option value="SCHAC code" selected>SCHAC code</option>' in page

    mapping = {**batch.mapping, "website": ""}
    response = office.post(reverse("imports:columns", kwargs={"pk": batch.pk}), mapping)
    assert response["Location"] == reverse("imports:detail", kwargs={"pk": batch.pk})
    batch.refresh_from_db()
    assert (batch.status, batch.rows_new, batch.rows_refused) == ("previewed", 3, 0)
    assert Institution.objects.count() == 0
    assert "Import 3 rows" in office.get(response["Location"]).content.decode()

    office.post(reverse("imports:confirm", kwargs={"pk": batch.pk}))
    assert set(Institution.objects.values_list("website", flat=True)) == {""}

    office.post(reverse("imports:undo", kwargs={"pk": batch.pk}))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UNDONE
    assert Institution.objects.count() == 0


def test_mapping_is_remembered_for_the_same_layout(office):
    upload(office, "partners.csv")
    first = ImportBatch.objects.get()
    office.post(
        reverse("imports:columns", kwargs={"pk": first.pk}), {**first.mapping, "website": ""}
    )

    upload(office, "partners.csv")

    second = ImportBatch.objects.order_by("-pk").first()
    assert "website" not in second.mapping
    assert second.mapping["schac_code"] == "SCHAC code"


def test_one_column_for_two_fields_is_refused_next_to_the_field(office):
    upload(office, "partners.csv")
    batch = ImportBatch.objects.get()

    response = office.post(
        reverse("imports:columns", kwargs={"pk": batch.pk}),
        {**batch.mapping, "name_local": "Name"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["This column is chosen for another field too."],
        "name_local": ["This column is chosen for another field too."],
    }
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UPLOADED


def test_hostile_file_is_refused_next_to_the_field(office):
    response = office.post(
        reverse("imports:upload"),
        {"kind": "partners", "file": SimpleUploadedFile("book.xlsm", b"PK\x03\x04")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["Workbooks with macros (.xlsm) are not accepted; save it as .xlsx."]
    }
    assert ImportBatch.objects.count() == 0


def test_undo_refused_with_a_message_once_a_row_changed(office):
    upload(office, "people-windows-1252.csv", kind="people")
    batch = ImportBatch.objects.get()
    office.post(reverse("imports:columns", kwargs={"pk": batch.pk}), batch.mapping)
    office.post(reverse("imports:confirm", kwargs={"pk": batch.pk}))
    person = Person.objects.get(last_name="Yazdanbakhsh")
    person.phone = "2"
    person.save()

    response = office.post(reverse("imports:undo", kwargs={"pk": batch.pk}), follow=True)

    assert [str(m) for m in response.context["messages"]][-1:] == [
        "1 rows of this import were changed since; it can no longer be undone."
    ]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CONFIRMED


def test_past_imports_page_queries_do_not_grow_with_the_imports(office):
    def queries_with(count):
        ImportBatch.objects.all().delete()
        for number in range(count):
            ImportBatch.objects.create(
                kind="partners", filename=f"file-{number}.csv", created_by=UserFactory()
            )
        with CaptureQueriesContext(connection) as captured:
            response = office.get(reverse("imports:list"))
        assert response.content.decode().count("file-") == count
        return len(captured)

    assert queries_with(1) == queries_with(6)
