"""``/api/v1/users``: accounts and roles (owners only)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

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


@router.get("")
def list_users(session: SessionDep, user: UserManager) -> list[UserOut]:
    """Every user with their role."""
    return [UserOut.of(info) for info in users_service.list_users(session)]


@router.post("", status_code=201, responses=responses(409))
def add_user(session: SessionDep, user: UserManager, body: UserIn) -> UserOut:
    """Add a user (without a password the user cannot sign in)."""
    info = users_service.add_user(
        session, name=body.name, role=body.role, password=body.password, actor=user.name
    )
    return UserOut.of(info)


@router.put("/{name}/role", responses=responses(404, 409))
def set_role(session: SessionDep, user: UserManager, name: str, body: RoleIn) -> UserOut:
    """Change a user's role; the last owner cannot be demoted (409)."""
    info = users_service.set_role(session, name=name, role=body.role, actor=user.name)
    return UserOut.of(info)
