"""Our institution and the partners as an EWP Institutions API response (stable v2).

The hei-id is the SCHAC code: an institution without one cannot be described, so it is
listed as a warning (on the page and by `manage.py ewp_institutions`), never dropped
silently. Our own institution, the HEI the API mainly describes, comes first, with its
organisational units.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from partners.models import Institution

EWP_INSTITUTIONS = (
    "https://github.com/erasmus-without-paper/ewp-specs-api-institutions/tree/stable-v2"
)
EWP_ADDRESS = "https://github.com/erasmus-without-paper/ewp-specs-types-address/tree/stable-v1"
EWP_CONTACT = "https://github.com/erasmus-without-paper/ewp-specs-types-contact/tree/stable-v1"
EWP_PHONE = "https://github.com/erasmus-without-paper/ewp-specs-types-phonenumber/tree/stable-v1"
EWP_REGISTRY = "https://github.com/erasmus-without-paper/ewp-specs-api-registry/tree/stable-v1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
E164 = re.compile(r"^\+[0-9]{1,15}$")


@dataclass(frozen=True)
class InstitutionsExport:
    described: list[Institution]
    without_schac_code: list[Institution]

    @property
    def warnings(self) -> list[str]:
        return [
            _("%(name)s has no SCHAC code and is not in the file.") % {"name": institution.name}
            for institution in self.without_schac_code
        ]

    @property
    def xml(self) -> bytes:
        return institutions_xml(self.described)


def ewp_institutions() -> InstitutionsExport:
    """Our institution first, then the partners by name; those without SCHAC code apart."""
    institutions = list(
        Institution.objects.prefetch_related("contacts", "units").order_by("-is_home", "name")
    )
    return InstitutionsExport(
        described=[i for i in institutions if i.schac_code],
        without_schac_code=[i for i in institutions if not i.schac_code],
    )


def institutions_without_schac_code() -> list[Institution]:
    return list(Institution.objects.filter(schac_code="").order_by("name"))


def institutions_xml(institutions: list[Institution] | QuerySet[Institution]) -> bytes:
    """An EWP institutions-response describing the institutions (each with a SCHAC code)."""
    for prefix, namespace in (
        ("", EWP_INSTITUTIONS),
        ("a", EWP_ADDRESS),
        ("c", EWP_CONTACT),
        ("p", EWP_PHONE),
        ("r", EWP_REGISTRY),
    ):
        ET.register_namespace(prefix, namespace)
    root = ET.Element(_q(EWP_INSTITUTIONS, "institutions-response"))
    for institution in institutions:
        root.append(_hei(institution))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _sub(parent, namespace, name, text=None, **attributes):
    element = ET.SubElement(parent, _q(namespace, name), attributes)
    if text is not None:
        element.text = text
    return element


def _hei(institution: Institution):
    hei = ET.Element(_q(EWP_INSTITUTIONS, "hei"))
    _sub(hei, EWP_INSTITUTIONS, "hei-id", institution.schac_code)
    # The registry's types for Erasmus code and PIC; the OID (organisation ID of the EU's
    # Funding and Tenders portal) as a custom type, which the schema allows.
    for kind, value in (
        ("erasmus", institution.erasmus_code),
        ("pic", institution.pic),
        ("oid", institution.oid),
    ):
        if value:
            _sub(hei, EWP_INSTITUTIONS, "other-id", value, type=kind)
    _sub(hei, EWP_INSTITUTIONS, "name", institution.name, **{XML_LANG: "en"})
    if institution.name_local and institution.name_local != institution.name:
        language = {XML_LANG: institution.name_local_language}
        _sub(
            hei,
            EWP_INSTITUTIONS,
            "name",
            institution.name_local,
            **(language if institution.name_local_language else {}),
        )
    address = _sub(hei, EWP_ADDRESS, "street-address")
    _sub(address, EWP_ADDRESS, "locality", institution.city)
    _sub(address, EWP_ADDRESS, "country", institution.country.code)
    if institution.website:
        _sub(hei, EWP_INSTITUTIONS, "website-url", institution.website, **{XML_LANG: "en"})
    for contact in institution.contacts.all():
        hei.append(_contact(contact))
    for unit in institution.units.all():
        _sub(hei, EWP_INSTITUTIONS, "ounit-id", unit_id(unit))
    return hei


def unit_id(unit) -> str:
    """The organisational unit's identifier in EWP: ours, stable over renames."""
    return f"ou-{unit.pk}"


def _contact(contact):
    element = ET.Element(_q(EWP_CONTACT, "contact"))
    _sub(element, EWP_CONTACT, "contact-name", contact.name)
    if contact.phone:
        phone = _sub(element, EWP_PHONE, "phone-number")
        number = re.sub(r"[\s().-]", "", contact.phone)
        if E164.match(number):
            _sub(phone, EWP_PHONE, "e164", number)
        else:
            _sub(phone, EWP_PHONE, "other-format", contact.phone)
    if contact.email:
        _sub(element, EWP_CONTACT, "email", contact.email)
    if contact.position:
        _sub(element, EWP_CONTACT, "role-description", contact.position, **{XML_LANG: "en"})
    return element
