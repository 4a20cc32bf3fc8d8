"""REFI-QDA interchange: import and export .qdpx projects and .qdc codebooks."""

from mutualscope.services.refi.exporter import ExportReport, export_qdc, export_qdpx
from mutualscope.services.refi.importer import import_refi
from mutualscope.services.refi.report import ImportReport

__all__ = ["ExportReport", "ImportReport", "export_qdc", "export_qdpx", "import_refi"]
