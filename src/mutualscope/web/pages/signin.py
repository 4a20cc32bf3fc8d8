"""The sign-in page and signing out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from mutualscope.web.deps import OptionalUser, SessionDep
from mutualscope.web.errors import ApiError
from mutualscope.web.signin import sign_in, sign_out
from mutualscope.web.templating import render

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only local paths: an open redirect would let a link send people elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/signin")
def signin_page(
    request: Request, user: OptionalUser, next: str | None = None, expired: int = 0
) -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    notice = "Your session has expired: sign in again." if expired else None
    return render(
        request, "signin.html", {"title": "Sign in", "next": safe_next(next), "notice": notice}
    )


@router.post("/signin")
def signin_submit(
    request: Request,
    session: SessionDep,
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    try:
        sign_in(request, session, name=name, password=password)
    except ApiError as error:
        context = {"title": "Sign in", "next": safe_next(next), "problem": error.message}
        return render(request, "signin.html", context, status=error.status, headers=error.headers)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/signout")
def signout(request: Request, session: SessionDep) -> Response:
    sign_out(request, session)
    return RedirectResponse("/signin", status_code=303)
