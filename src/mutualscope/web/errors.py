"""Every error the web app answers with: a status, a stable code and a message.

The API answers ``{"error": {"code": ..., "message": ..., "problems": [...]}}``; pages show
the same message in an error page. The codes are listed in /openapi.json for each status.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from mutualscope import errors

#: status -> {code: meaning}; the OpenAPI description of each status is built from this.
ERROR_CODES: dict[int, dict[str, str]] = {
    400: {"malformed_json": "the request body is not valid JSON"},
    401: {
        "not_signed_in": "no signed-in session: sign in first",
        "session_expired": "the session ran out of time: sign in again",
        "bad_credentials": "unknown name or wrong password",
    },
    403: {
        "permission_denied": "the user's role does not allow this",
        "csrf_missing": "a state-changing request without the X-CSRF-Token header "
        "(or csrf_token form field)",
        "csrf_invalid": "the CSRF token does not belong to this session",
    },
    404: {"not_found": "no such object (it may have been deleted)"},
    405: {"method_not_allowed": "the address does not take this HTTP method"},
    409: {"conflict": "the change clashes with what the project holds"},
    413: {"too_large": "the request body is larger than the server accepts"},
    416: {"range_not_satisfiable": "the byte range asked for is outside the file"},
    422: {
        "invalid_input": "parameters or body fields that cannot be accepted, such as "
        "offsets outside the text; `problems` lists each one"
    },
    429: {"too_many_attempts": "too many failed sign-ins: wait Retry-After seconds"},
    503: {
        "project_unavailable": "the project database cannot be used right now",
        "missing_extra": "the feature needs an optional extra that is not installed; the "
        "message names the install command",
    },
}


class ErrorDetail(BaseModel):
    code: str = Field(examples=["not_found"])
    message: str
    problems: list[str] = Field(default_factory=list)


class ErrorBody(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    """An error raised by the web layer itself (sign-in, CSRF, sizes ...)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        problems: list[str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        assert code in ERROR_CODES[status], f"undocumented error code {code} for {status}"
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.problems = problems or []
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "problems": self.problems}}


def from_service_error(error: errors.MutualscopeError) -> ApiError:
    """The web answer to an error raised by a service."""
    message = error.args[0] if error.args else str(error)
    if isinstance(error, errors.NotFound):
        return ApiError(404, "not_found", message)
    if isinstance(error, errors.Conflict):
        return ApiError(409, "conflict", message)
    if isinstance(error, errors.InvalidInput):
        return ApiError(422, "invalid_input", message, error.problems)
    if isinstance(error, errors.PermissionDenied):
        return ApiError(403, "permission_denied", message)
    return ApiError(503, "project_unavailable", message)


def describe(status: int) -> str:
    codes = ERROR_CODES[status]
    return "Error codes: " + "; ".join(f"`{code}`: {text}" for code, text in codes.items())


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route for the statuses it may answer besides the common ones."""
    return {status: {"model": ErrorBody, "description": describe(status)} for status in statuses}
