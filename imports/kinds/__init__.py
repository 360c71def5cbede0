"""The kinds of rows the portal imports, by name."""

from .directory import PartnerKind, PersonKind
from .engine import Context, ModelKind, counts, preview_rows, write_rows
from .mobilities import MobilityKind
from .offers import OfferKind
from .projects import GrantLineKind, ProjectKind

KINDS: dict[str, ModelKind] = {
    kind.name: kind
    for kind in (
        PartnerKind(),
        PersonKind(),
        ProjectKind(),
        GrantLineKind(),
        MobilityKind(),
        OfferKind(),
    )
}

__all__ = ["KINDS", "Context", "ModelKind", "counts", "preview_rows", "write_rows"]
