from __future__ import annotations

from fastapi.testclient import TestClient
from tests.web.test_roles import TABLE, template_of

from mutualscope.web.errors import ERROR_CODES


def test_openapi_documents_every_status_the_role_table_sees(viewer: TestClient) -> None:
    schema = viewer.get("/openapi.json").json()
    for method, path, _, statuses in TABLE:
        if not path.startswith("/api/v1/"):
            continue
        template = template_of(path)
        operation = schema["paths"][template][method.lower()]
        documented = {int(code) for code in operation["responses"]}
        # Anonymous callers of public operations get 2xx, so only the others must be listed.
        assert {s for s in statuses if s >= 400} <= documented, (method, path)
        assert 422 in documented
        if method != "GET":
            assert {400, 403, 413} <= documented, (method, path)


def test_openapi_error_descriptions_name_every_code(viewer: TestClient) -> None:
    schema = viewer.get("/openapi.json").json()
    text = str(schema["paths"])
    for codes in ERROR_CODES.values():
        for code in codes:
            if code == "method_not_allowed":
                continue
            assert f"`{code}`" in text, code
    assert "ErrorBody" in schema["components"]["schemas"]
    assert "HTTPValidationError" not in schema["components"]["schemas"]


def test_openapi_api_docs_page_is_local(viewer: TestClient) -> None:
    page = viewer.get("/api/docs")
    assert "/static/js/apidocs.js" in page.text
    assert "cdn" not in page.text.lower()
    assert viewer.get("/docs").status_code == 404
