"""``create_app(project_location)``: the web app for one project."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from anyio.to_thread import current_default_thread_limiter
from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from mutualscope import __version__
from mutualscope.services import users as users_service
from mutualscope.services.collector import freeze_startup_heap
from mutualscope.services.project import Project, open_project
from mutualscope.services.settings import get_setting
from mutualscope.services.sign_in_throttle import ThrottlePolicy
from mutualscope.storage import models  # noqa: F401  (every mapper known before a query)
from mutualscope.web import api, pages
from mutualscope.web.api import assist as assist_api
from mutualscope.web.api import protection as protection_api
from mutualscope.web.config import WebSettings
from mutualscope.web.deps import csrf_protect
from mutualscope.web.handlers import install_handlers
from mutualscope.web.jobs import JobRunner
from mutualscope.web.middleware import BodyLimitMiddleware, SessionCookieMiddleware
from mutualscope.web.openapi import build_openapi
from mutualscope.web.pages import assist as assist_pages
from mutualscope.web.pages import protection as protection_page
from mutualscope.web.templating import STATIC_DIR
from mutualscope.web.work import KINDS


def create_app(
    project_location: str | os.PathLike[str] | None = None,
    *,
    settings: WebSettings | None = None,
) -> FastAPI:
    """The app serving the project at ``project_location`` (default: MUTUALSCOPE_DB or
    ./mutualscope.db). The project is opened now, so a bad location fails at start."""
    project = open_project(project_location)
    settings = settings or WebSettings.from_environment()
    with project.session() as session:
        secret = users_service.session_secret(session)
        title = get_setting(session, "title") or "mutualscope project"

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Requests that run in threads (every endpoint written as a plain function) share
        # this many; see WebSettings.threads.
        current_default_thread_limiter().total_tokens = settings.threads
        freeze_startup_heap()
        yield
        jobs.close()
        project.close()

    jobs = JobRunner(project, kinds=KINDS, stale_after=settings.job_stale_seconds)
    app = FastAPI(
        title="mutualscope",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[Depends(csrf_protect)],
        lifespan=lifespan,
    )
    state: Any = app.state
    state.project = project
    state.settings = settings
    state.secret = secret
    state.title = title
    state.throttle = ThrottlePolicy()
    state.jobs = jobs
    install_handlers(app)
    app.add_middleware(SessionCookieMiddleware, secret=secret, max_age=settings.session_max_age)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api.router)
    app.include_router(assist_api.router, prefix="/api/v1")
    app.include_router(protection_api.router, prefix="/api/v1")
    app.include_router(pages.router)
    app.include_router(assist_pages.router)
    app.include_router(protection_page.router)
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    return app


def project_of(app: FastAPI) -> Project:
    project: Project = app.state.project
    return project
