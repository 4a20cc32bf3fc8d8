"""``/api/v1/session``: sign in, sign out, and who is signed in (with the CSRF token)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from mutualscope.web.auth import csrf_token
from mutualscope.web.deps import OptionalUser, SessionDep
from mutualscope.web.errors import responses
from mutualscope.web.schemas import UserOut
from mutualscope.web.signin import sign_in, sign_out

router = APIRouter(prefix="/session", tags=["session"])
PUBLIC = {"x-public": True}


class SessionOut(BaseModel):
    signed_in: bool
    user: UserOut | None
    csrf_token: str = Field(description="Send it as X-CSRF-Token with every change.")


class SignIn(BaseModel):
    name: str = Field(max_length=200)
    password: str = Field(max_length=1024)


def session_out(request: Request, user: UserOut | None) -> SessionOut:
    token = csrf_token(request.app.state.secret, request.state.web_session)
    return SessionOut(signed_in=user is not None, user=user, csrf_token=token)


@router.get("", openapi_extra=PUBLIC)
def read_session(request: Request, user: OptionalUser) -> SessionOut:
    """Who is signed in, and the CSRF token for this browser session."""
    return session_out(request, UserOut.of(user) if user else None)


@router.post("", openapi_extra=PUBLIC, responses=responses(401, 429))
def create_session(request: Request, session: SessionDep, body: SignIn) -> SessionOut:
    """Sign in. Repeated failures for a name from one address, or from one address for
    any names, make that address wait (429); the name stays open from elsewhere."""
    user = sign_in(request, session, name=body.name, password=body.password)
    return session_out(request, UserOut.of(user))


@router.delete("", status_code=204, openapi_extra=PUBLIC)
def delete_session(request: Request, session: SessionDep) -> Response:
    """Sign out: this browser's session ends (every copy of its cookie stops working);
    the user's other browsers stay signed in."""
    sign_out(request, session)
    return Response(status_code=204)
