"""A person's own account: changing their password, which needs the current one."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput
from mutualscope.services import users as users_service


def change_password(
    session: Session, *, name: str, current: str, new: str, again: str | None = None
) -> users_service.UserInfo:
    """Replace ``name``'s password after checking the current one; every session of the
    user ends (the shell that asked starts a new one for the browser in hand). Raises
    InvalidInput for a wrong current password, two new passwords that differ, or a new
    password too short or too long; nothing changes then."""
    if again is not None and new != again:
        raise InvalidInput("The two new passwords differ: type the same password twice.")
    if users_service.authenticate(session, name=name, password=current) is None:
        raise InvalidInput("The current password is not right: nothing was changed.")
    return users_service.set_password(session, name=name, password=new, actor=name)
