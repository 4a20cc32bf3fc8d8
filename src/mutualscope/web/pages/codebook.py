"""The codebook as a tree with definitions and counts; owners add codes here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from mutualscope.errors import MutualscopeError
from mutualscope.services import codebook as codebook_service
from mutualscope.services.settings import coder_seen
from mutualscope.services.users import may
from mutualscope.storage.users import User
from mutualscope.web.deps import CodebookEditor, Reader, SessionDep
from mutualscope.web.templating import render

router = APIRouter()


def codebook_view(
    request: Request, session: SessionDep, user: User, *, problem: str | None = None
) -> Response:
    return render(
        request,
        "codebook.html",
        {
            "title": "Codebook",
            "user": user,
            "codes": codebook_service.list_codes(session, coder=coder_seen(session, user)),
            "may_edit": may(user, "edit-codebook"),
            "problem": problem,
        },
        status=422 if problem else 200,
    )


@router.get("/codebook")
def codebook_page(request: Request, session: SessionDep, user: Reader) -> Response:
    return codebook_view(request, session, user)


@router.post("/codebook")
def codebook_add(
    request: Request,
    session: SessionDep,
    user: CodebookEditor,
    path: Annotated[str, Form(max_length=1000)],
    definition: Annotated[str, Form(max_length=20_000)] = "",
    colour: Annotated[str, Form(max_length=9)] = "",
) -> Response:
    try:
        codebook_service.add_code(
            session, path, definition=definition or None, colour=colour or None, actor=user.name
        )
    except MutualscopeError as error:
        return codebook_view(request, session, user, problem=str(error))
    return RedirectResponse("/codebook", status_code=303)
