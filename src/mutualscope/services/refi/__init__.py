"""REFI-QDA interchange: import and export .qdpx projects and .qdc codebooks."""

from mutualscope.services.refi.doubtful import (
    DOUBTFUL_FIELDS,
    DOUBTFUL_TITLE,
    list_doubtful_codings,
    settle_doubtful,
)
from mutualscope.services.refi.exporter import ExportReport, export_qdc, export_qdpx
from mutualscope.services.refi.importer import import_refi
from mutualscope.services.refi.report import DoubtfulImport, ImportReport

__all__ = [
    "DOUBTFUL_FIELDS",
    "DOUBTFUL_TITLE",
    "DoubtfulImport",
    "ExportReport",
    "ImportReport",
    "export_qdc",
    "export_qdpx",
    "import_refi",
    "list_doubtful_codings",
    "settle_doubtful",
]
