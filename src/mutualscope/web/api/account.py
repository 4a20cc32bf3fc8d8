"""``/api/v1/account``: the signed-in person's own account."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from mutualscope.services.accounts import change_password
from mutualscope.services.users import MAX_PASSWORD_LENGTH
from mutualscope.web.deps import Reader, SessionDep
from mutualscope.web.errors import responses
from mutualscope.web.schemas import UserOut
from mutualscope.web.signin import renew_session

router = APIRouter(prefix="/account", tags=["account"])


class PasswordChange(BaseModel):
    current: str = Field(max_length=MAX_PASSWORD_LENGTH, description="the password now")
    new: str = Field(max_length=MAX_PASSWORD_LENGTH, description="at least 8 characters")


@router.put("/password", responses=responses(422))
def put_password(
    request: Request, session: SessionDep, user: Reader, body: PasswordChange
) -> UserOut:
    """Change your own password; the current one is required (422 when it is wrong, and
    nothing changes). Your sessions in other browsers end; this one goes on."""
    change_password(session, name=user.name, current=body.current, new=body.new)
    renew_session(request, session, user)
    return UserOut.of(user)
