"""A numbered report as PDF: the HTML output laid out by WeasyPrint for A4.

Page numbers and page breaks come from the ``@page`` and print rules of the report's
stylesheet, so the PDF and the HTML share one design and one content.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mutualscope.reports.document import ReportDocument
from mutualscope.reports.render_html import render_html


def render_pdf(document: ReportDocument, path: Path) -> None:
    """Write the report to ``path`` as PDF."""
    from weasyprint import HTML  # slow to import; only the PDF output needs it

    # WeasyPrint logs every CSS property it does not support; the stylesheet is shared
    # with screen HTML on purpose, so those notices are expected.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    HTML(string=render_html(document)).write_pdf(str(path))
