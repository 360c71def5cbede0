"""The EWP schemas kept in mobility/schemas/, read without a network connection.

Each schema imports the others by their published URL; the resolver answers those URLs
with the files kept in the repository (and fails the test for any other).
"""

from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[2] / "mobility" / "schemas"
RAW = "https://raw.githubusercontent.com/erasmus-without-paper/"
LOCAL_COPIES = {
    "http://www.w3.org/2001/03/xml.xsd": SCHEMAS / "w3c" / "xml.xsd",
    f"{RAW}ewp-specs-architecture/stable-v1/common-types.xsd": SCHEMAS
    / "ewp/ewp-specs-architecture/common-types.xsd",
    f"{RAW}ewp-specs-api-registry/stable-v1/catalogue.xsd": SCHEMAS
    / "ewp/ewp-specs-api-registry/catalogue.xsd",
    f"{RAW}ewp-specs-types-address/stable-v1/schema.xsd": SCHEMAS
    / "ewp/ewp-specs-types-address/schema.xsd",
    f"{RAW}ewp-specs-types-contact/stable-v1/schema.xsd": SCHEMAS
    / "ewp/ewp-specs-types-contact/schema.xsd",
    f"{RAW}ewp-specs-types-phonenumber/stable-v1/schema.xsd": SCHEMAS
    / "ewp/ewp-specs-types-phonenumber/schema.xsd",
    f"{RAW}ewp-specs-types-academic-term/stable-v1/schema.xsd": SCHEMAS
    / "ewp/ewp-specs-types-academic-term/schema.xsd",
}
BM_REPORT_REQUEST = SCHEMAS / "ewp/ewp-specs-api-bm-mobilities/report-request.xsd"
INSTITUTIONS_RESPONSE = SCHEMAS / "ewp/ewp-specs-api-institutions/response.xsd"


class KeptSchemas(etree.Resolver):
    def resolve(self, url, public_id, context):
        if url in LOCAL_COPIES:
            return self.resolve_filename(str(LOCAL_COPIES[url]), context)
        if url.startswith("file:") or url.startswith("/"):
            return None
        raise AssertionError(f"The schemas import {url}, which is not kept in the repository.")


def schema(path: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(KeptSchemas())
    return etree.XMLSchema(etree.parse(str(path), parser))


def schema_errors(path: Path, document: bytes) -> list[str]:
    """The schema's complaints about the document: [] when it validates."""
    xml_schema = schema(path)
    xml_schema.validate(etree.fromstring(document))
    return [f"{error.line}: {error.message}" for error in xml_schema.error_log]
