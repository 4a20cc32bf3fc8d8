"""Exception handlers: every failure becomes a documented status and code, never a 500.

API paths answer JSON; pages answer an error page, or send a signed-out reader to sign in.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from mutualscope.errors import MutualscopeError
from mutualscope.web.errors import ApiError, from_service_error
from mutualscope.web.templating import render

logger = logging.getLogger("mutualscope.web")


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def answer(request: Request, error: ApiError) -> Response:
    if is_api(request):
        return JSONResponse(error.body(), status_code=error.status, headers=error.headers)
    if error.status == 401 and request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        reason = "&expired=1" if error.code == "session_expired" else ""
        return RedirectResponse(f"/signin?next={quote(target)}{reason}", status_code=303)
    return render(
        request,
        "error.html",
        {"error": error, "title": f"{error.status}"},
        status=error.status,
        headers=error.headers,
    )


def validation_error(exc: RequestValidationError) -> ApiError:
    problems = []
    for item in exc.errors():
        if item.get("type") == "json_invalid":
            return ApiError(400, "malformed_json", "The request body is not valid JSON.")
        where = ".".join(str(part) for part in item.get("loc", ()))
        problems.append(f"{where}: {item.get('msg', 'invalid')}")
    return ApiError(422, "invalid_input", "Some fields cannot be accepted.", problems)


def http_error(exc: HTTPException) -> ApiError:
    if isinstance(exc.__cause__, ApiError):
        return exc.__cause__
    if exc.status_code == 404:
        return ApiError(404, "not_found", "There is no such page or object.")
    if exc.status_code == 405:
        return ApiError(405, "method_not_allowed", "This address does not take that method.")
    if exc.status_code == 400:
        # FastAPI's answer to a body it could not parse (e.g. a broken multipart upload).
        return ApiError(422, "invalid_input", "The request body cannot be read.", [exc.detail])
    return ApiError(422, "invalid_input", str(exc.detail))


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def on_api_error(request: Request, exc: ApiError) -> Response:
        return answer(request, exc)

    @app.exception_handler(MutualscopeError)
    async def on_service_error(request: Request, exc: MutualscopeError) -> Response:
        return answer(request, from_service_error(exc))

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> Response:
        return answer(request, validation_error(exc))

    @app.exception_handler(HTTPException)
    async def on_http_error(request: Request, exc: HTTPException) -> Response:
        return answer(request, http_error(exc))
