"""Server-rendered pages: one router module per resource; each calls the same services
as the API and the CLI."""

from __future__ import annotations

from fastapi import APIRouter

from mutualscope.web.pages import (
    account,
    analysis,
    apidocs,
    audit,
    cases,
    codebook,
    codecolours,
    dashboard,
    documents,
    figures,
    quotes,
    registry,
    report,
    signin,
    users,
)

router = APIRouter(include_in_schema=False)
for module in (
    signin,
    apidocs,
    dashboard,
    figures,
    codecolours,
    registry,
    cases,
    documents,
    codebook,
    quotes,
    analysis,
    report,
    users,
    account,
    audit,
):
    router.include_router(module.router)
