"""``/api/v1/users``: accounts and roles (owners only)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from mutualscope.errors import InvalidInput
from mutualscope.services import users as users_service
from mutualscope.web.deps import SessionDep, UserManager
from mutualscope.web.errors import responses
from mutualscope.web.schemas import UserOut

router = APIRouter(prefix="/users", tags=["users"])


class UserIn(BaseModel):
    name: str = Field(max_length=200)
    role: str = Field(description="owner, coder or viewer")
    password: str | None = Field(default=None, max_length=1024)


class RoleIn(BaseModel):
    role: str = Field(description="owner, coder or viewer")


class PasswordIn(BaseModel):
    password: str = Field(max_length=1024, description="at least 8 characters")


class ActiveIn(BaseModel):
    active: bool = Field(description="false deactivates the user, true makes them active again")


class ManagedUserOut(UserOut):
    """A user as owners manage them: also when they were added."""

    created: datetime

    @classmethod
    def of_info(cls, info: users_service.UserInfo) -> ManagedUserOut:
        return cls(**info.as_dict())


@router.get("")
def list_users(session: SessionDep, user: UserManager) -> list[ManagedUserOut]:
    """Every user with their role, whether they are active and when they were added."""
    return [ManagedUserOut.of_info(info) for info in users_service.list_users(session)]


@router.post("", status_code=201, responses=responses(409))
def add_user(session: SessionDep, user: UserManager, body: UserIn) -> ManagedUserOut:
    """Add a user (without a password the user cannot sign in)."""
    info = users_service.add_user(
        session, name=body.name, role=body.role, password=body.password, actor=user.name
    )
    return ManagedUserOut.of_info(info)


@router.put("/{name}/role", responses=responses(404, 409))
def set_role(session: SessionDep, user: UserManager, name: str, body: RoleIn) -> ManagedUserOut:
    """Change a user's role; the last owner cannot be demoted (409)."""
    info = users_service.set_role(session, name=name, role=body.role, actor=user.name)
    return ManagedUserOut.of_info(info)


@router.put("/{name}/active", responses=responses(404, 409))
def set_active(session: SessionDep, user: UserManager, name: str, body: ActiveIn) -> ManagedUserOut:
    """Deactivate a user (they can no longer sign in; their codings stay) or make them
    active again; owners cannot deactivate themselves or the last active owner (409)."""
    info = users_service.set_active(session, name=name, active=body.active, actor=user.name)
    return ManagedUserOut.of_info(info)


@router.put("/{name}/password", responses=responses(404, 422))
def reset_password(
    session: SessionDep, user: UserManager, name: str, body: PasswordIn
) -> ManagedUserOut:
    """Give a user a new password (owners): every session of theirs ends. Your own
    password is changed at /api/v1/account/password, which asks for the current one."""
    if name.strip() == user.name:
        raise InvalidInput(
            "Change your own password on your account page: it asks for the current one."
        )
    info = users_service.set_password(session, name=name, password=body.password, actor=user.name)
    return ManagedUserOut.of_info(info)
