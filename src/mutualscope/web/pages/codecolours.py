"""``/code-colours.css``: each code's highlight colour as a class, so pages need no
inline styles (the Content-Security-Policy forbids them)."""

from __future__ import annotations

import re

from fastapi import APIRouter
from fastapi.responses import Response

from mutualscope.services import codebook as codebook_service
from mutualscope.web.deps import Reader, SessionDep

router = APIRouter()

#: Colours for codes that have none of their own (readable under dark text).
PALETTE = (
    "#f6c85f", "#9dd866", "#6fb1e8", "#f09a5b", "#c58ee0",
    "#7fd6c2", "#f28db2", "#b8c16a", "#e3a76f", "#8fa8f0",
)  # fmt: skip


_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def colour_of(code_id: int, colour: str | None) -> str:
    """The code's own colour when it is a plain hex colour (nothing else reaches CSS)."""
    if colour and _HEX.match(colour):
        return colour
    return PALETTE[code_id % len(PALETTE)]


@router.get("/code-colours.css")
def code_colours(session: SessionDep, user: Reader) -> Response:
    rules = [
        f".code-{row['id']} {{ --hl: {colour_of(row['id'], row['colour'])}; }}"
        for row in codebook_service.list_codes(session)
    ]
    return Response("\n".join(rules) + "\n", media_type="text/css")
