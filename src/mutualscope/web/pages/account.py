"""Your account: who you are signed in as, and changing your password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from mutualscope.errors import MutualscopeError
from mutualscope.services import users as users_service
from mutualscope.services.accounts import change_password
from mutualscope.services.settings import blind_coding
from mutualscope.storage.users import User
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.errors import from_service_error
from mutualscope.web.signin import renew_session
from mutualscope.web.templating import render

router = APIRouter()
PasswordField = Annotated[str, Form(max_length=users_service.MAX_PASSWORD_LENGTH)]


def account_view(
    request: Request,
    session: SessionDep,
    user: User,
    *,
    error: MutualscopeError | None = None,
    changed: bool = False,
) -> Response:
    return render(
        request,
        "account.html",
        {
            "title": "Your account",
            "user": user,
            "blind": blind_coding(session),
            "min_password": users_service.MIN_PASSWORD_LENGTH,
            "problem": str(error) if error else None,
            "changed": changed,
        },
        status=from_service_error(error).status if error else 200,
    )


@router.get("/account")
def account_page(request: Request, session: SessionDep, user: Reader, changed: int = 0) -> Response:
    return account_view(request, session, user, changed=bool(changed))


@router.post("/account/password")
def account_password(
    request: Request,
    session: SessionDep,
    user: Reader,
    current: PasswordField,
    password: PasswordField,
    password_again: PasswordField,
) -> Response:
    """A new password: your other browsers are signed out, this one stays signed in."""
    try:
        change_password(
            session, name=user.name, current=current, new=password, again=password_again
        )
    except MutualscopeError as error:
        return account_view(request, session, user, error=error)
    renew_session(request, session, user)
    return RedirectResponse("/account?changed=1", status_code=303)
