"""Response models shared by several API routers."""

from __future__ import annotations

from pydantic import BaseModel

from mutualscope.services.users import UserInfo, user_info
from mutualscope.storage.users import User


class UserOut(BaseModel):
    id: int
    name: str
    role: str
    active: bool
    can_sign_in: bool

    @classmethod
    def of(cls, user: User | UserInfo) -> UserOut:
        info = user if isinstance(user, UserInfo) else user_info(user)
        return cls(**info.as_dict())
