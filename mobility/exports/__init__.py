"""Exports for EU reporting and for Erasmus Without Paper.

- `beneficiary_module`: a project's mobilities in the Beneficiary Module's own terms (the
  KA171 mobility import template's columns, CSV and XLSX), after a validation report with
  one line per problem, naming the mobility and the field.
- `bm_xml`: the same records as an EWP `bm-mobilities` report request (student mobilities,
  which that schema covers).
- `ewp_institutions`: our institution and the partners as an EWP Institutions response.

Nothing beyond the Beneficiary Module's fields leaves the portal.
"""

from .beneficiary_module import (
    BENEFICIARY_MODULE_COLUMNS,
    Problem,
    ProjectReport,
    mobility_id,
    project_report,
    report_csv,
    report_xlsx,
)
from .bm_xml import report_xml
from .ewp_institutions import (
    InstitutionsExport,
    ewp_institutions,
    institutions_without_schac_code,
    institutions_xml,
)

# The Beneficiary Module files of a project, by format: the workspace's downloads and
# `manage.py bm_export` write the same bytes.
BM_FORMATS = {"csv": report_csv, "xlsx": report_xlsx, "xml": report_xml}

__all__ = [
    "BENEFICIARY_MODULE_COLUMNS",
    "BM_FORMATS",
    "InstitutionsExport",
    "Problem",
    "ProjectReport",
    "ewp_institutions",
    "institutions_without_schac_code",
    "institutions_xml",
    "mobility_id",
    "project_report",
    "report_csv",
    "report_xlsx",
    "report_xml",
]
