"""The evidence report: a preview in the browser and downloads made as jobs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.templating import render

router = APIRouter()

#: The report page carries its own stylesheet and embeds its figures as data: images.
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


@router.get("/report")
def report_page(request: Request, user: Reader) -> Response:
    formats = [("docx", "Word (.docx)"), ("pdf", "PDF"), ("html", "HTML"), ("md", "Markdown")]
    return render(request, "report.html", {"title": "Report", "user": user, "formats": formats})


@router.get("/report/preview")
def report_preview(session: SessionDep, user: Reader) -> Response:
    # The report layer (matplotlib for its figures) is loaded by the first preview.
    from mutualscope.reports.build import build_report
    from mutualscope.reports.render_html import render_html

    html = render_html(build_report(session))
    return HTMLResponse(html, headers={"content-security-policy": PREVIEW_POLICY})
