import io

import pypdf
import pytest

from documents.defaults import seed_document_templates
from ops.pdf import html_to_pdf
from tests.factories import InstitutionFactory, MobilityFactory
from tests.mobility.conftest import havana, leiden, nagasaki, rates  # noqa: F401
from tests.payments.conftest import mobility, project  # noqa: F401
from tests.workspace.conftest import (  # noqa: F401
    coordinator_a,
    coordinator_b,
    login,
    make_coordinator,
    make_staff,
    staff_user,
)


def pdf_text(content: bytes) -> str:
    """The text of every page of a PDF, its lines joined by spaces."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def signed_pdf():
    """A real PDF, as a participant would upload a scanned signed copy."""
    return html_to_pdf("<p>Signed by Sanne de Vries</p>")


@pytest.fixture
def other_mobility(project):  # noqa: F811
    return MobilityFactory(
        project=project,
        partner=InstitutionFactory(name="University of Havana"),
        first_name="Kenji",
        last_name="Tanaka",
        email="kenji.tanaka@example.org",
    )


@pytest.fixture(autouse=True)
def document_templates(db):
    seed_document_templates()
