"""Participant protection: finding personal data in the project's documents."""

from mutualscope.services.protection.gazetteer import project_gazetteer
from mutualscope.services.protection.scans import (
    DocumentFinding,
    KindSummary,
    ScanResult,
    scan_documents,
)

__all__ = ["DocumentFinding", "KindSummary", "ScanResult", "project_gazetteer", "scan_documents"]
