"""Users (owners only): who may sign in, with which role; add, change and deactivate.

The forms post here with the page's CSRF token and come back to the list (or show the
list again with the service's reason, at its status, when it refuses).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from mutualscope.errors import InvalidInput, MutualscopeError
from mutualscope.services import users as users_service
from mutualscope.services.settings import blind_coding, set_blind_coding
from mutualscope.storage.users import User
from mutualscope.web.deps import SessionDep, UserManager
from mutualscope.web.errors import from_service_error
from mutualscope.web.templating import render

router = APIRouter()

NameField = Annotated[str, Form(max_length=users_service.MAX_NAME_LENGTH)]
RoleField = Annotated[str, Form(max_length=20)]
PasswordField = Annotated[str, Form(max_length=users_service.MAX_PASSWORD_LENGTH)]


def users_view(
    request: Request,
    session: SessionDep,
    user: User,
    *,
    error: MutualscopeError | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    return render(
        request,
        "users.html",
        {
            "title": "Users",
            "user": user,
            "users": users_service.list_users(session),
            "roles": users_service.ROLES,
            "min_password": users_service.MIN_PASSWORD_LENGTH,
            "problem": str(error) if error else None,
            "form": form or {"name": "", "role": "coder"},
            "blind": blind_coding(session),
        },
        status=from_service_error(error).status if error else 200,
    )


def back_to_list() -> Response:
    return RedirectResponse("/users", status_code=303)


@router.get("/users")
def users_page(request: Request, session: SessionDep, user: UserManager) -> Response:
    return users_view(request, session, user)


def chosen_password(password: str, again: str) -> str | None:
    """The password typed twice, or None when both are empty (a user who cannot sign in)."""
    if password != again:
        raise InvalidInput("The two passwords differ: type the same password twice.")
    return password or None


@router.post("/users")
def users_add(
    request: Request,
    session: SessionDep,
    user: UserManager,
    name: NameField,
    role: RoleField,
    password: PasswordField = "",
    password_again: PasswordField = "",
) -> Response:
    try:
        users_service.add_user(
            session,
            name=name,
            role=role,
            password=chosen_password(password, password_again),
            actor=user.name,
        )
    except MutualscopeError as error:
        return users_view(request, session, user, error=error, form={"name": name, "role": role})
    return back_to_list()


@router.post("/users/role")
def users_set_role(
    request: Request, session: SessionDep, user: UserManager, name: NameField, role: RoleField
) -> Response:
    try:
        users_service.set_role(session, name=name, role=role, actor=user.name)
    except MutualscopeError as error:
        return users_view(request, session, user, error=error)
    return back_to_list()


@router.post("/users/active")
def users_set_active(
    request: Request,
    session: SessionDep,
    user: UserManager,
    name: NameField,
    active: Annotated[bool, Form()],
) -> Response:
    try:
        users_service.set_active(session, name=name, active=active, actor=user.name)
    except MutualscopeError as error:
        return users_view(request, session, user, error=error)
    return back_to_list()


@router.post("/users/password")
def users_reset_password(
    request: Request,
    session: SessionDep,
    user: UserManager,
    name: NameField,
    password: PasswordField,
    password_again: PasswordField,
) -> Response:
    """An owner gives someone a new password; every session of theirs ends."""
    try:
        if name.strip() == user.name:
            raise InvalidInput("Change your own password on your account page.")
        new = chosen_password(password, password_again)
        if new is None:
            raise InvalidInput("Type the new password twice.")
        users_service.set_password(session, name=name, password=new, actor=user.name)
    except MutualscopeError as error:
        return users_view(request, session, user, error=error)
    return back_to_list()


@router.post("/users/blind-coding")
def users_blind_coding(
    session: SessionDep, user: UserManager, blind: Annotated[bool, Form()]
) -> Response:
    set_blind_coding(session, blind, actor=user.name)
    return back_to_list()
