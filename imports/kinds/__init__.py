"""The kinds of rows the portal imports, by name."""

from .directory import PartnerKind, PersonKind
from .engine import Context, ModelKind, counts, preview_rows, write_rows
from .mobilities import MobilityKind

KINDS: dict[str, ModelKind] = {
    kind.name: kind for kind in (PartnerKind(), PersonKind(), MobilityKind())
}

__all__ = ["KINDS", "Context", "ModelKind", "counts", "preview_rows", "write_rows"]
