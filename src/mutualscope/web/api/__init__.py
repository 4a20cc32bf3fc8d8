"""JSON API under /api/v1: one router module per resource, over the same services as the CLI."""

from __future__ import annotations

from fastapi import APIRouter

from mutualscope.web.api import (
    account,
    analysis,
    cases,
    codes,
    codings,
    documents,
    jobs,
    quotes,
    recordings,
    registry,
    session,
    settings,
    transcript_edits,
    users,
)

router = APIRouter(prefix="/api/v1")
# Routes are matched in this order, one by one: the ones coders call many times a minute
# (adding and removing codings) come first. No two modules' paths overlap.
for module in (
    documents, codings, session, account, users, settings, registry, cases, recordings,
    transcript_edits, codes, quotes, analysis, jobs,
):  # fmt: skip
    router.include_router(module.router)
