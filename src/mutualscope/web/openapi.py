"""The OpenAPI description, with the error answers every operation can give.

Routes name their own particular errors (404, 409 ...); the ones that come from the shared
machinery (sign-in, roles, CSRF, body parsing and size) are added here to every operation
they apply to, so /openapi.json lists every status an operation can answer.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from mutualscope import __version__
from mutualscope.web.errors import ErrorBody, describe

UNSAFE = {"post", "put", "patch", "delete"}
ERROR_REF = {"$ref": "#/components/schemas/ErrorBody"}


def _error_response(status: int) -> dict[str, Any]:
    return {"description": describe(status), "content": {"application/json": {"schema": ERROR_REF}}}


def common_statuses(method: str, operation: dict[str, Any]) -> list[int]:
    public = bool(operation.get("x-public"))
    statuses = [422, 503]
    if not public:
        statuses += [401, 403]
    if method in UNSAFE:
        statuses += [400, 403, 413]
    return sorted(set(statuses))


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title="mutualscope API",
        version=__version__,
        description=(
            "JSON for everything the pages show or change. Sign in with POST /api/v1/session; "
            "send the returned csrf_token as X-CSRF-Token with every POST, PUT, PATCH and "
            'DELETE. Errors answer {"error": {"code", "message", "problems"}}.'
        ),
        routes=app.routes,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorBody"] = ErrorBody.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    for name, definition in components["ErrorBody"].pop("$defs", {}).items():
        components[name] = definition
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            answers = operation.setdefault("responses", {})
            for status in common_statuses(method, operation):
                answers[str(status)] = _error_response(status)
    app.openapi_schema = schema
    return schema
