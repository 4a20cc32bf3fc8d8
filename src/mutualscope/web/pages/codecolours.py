"""``/code-colours.css``: each code's highlight colour as a class, so pages need no
inline styles (the Content-Security-Policy forbids them)."""

from __future__ import annotations

import re

from fastapi import APIRouter
from fastapi.responses import Response

from mutualscope.services import codebook as codebook_service
from mutualscope.web.deps import Reader, SessionDep

router = APIRouter()

#: Colours for codes that have none of their own: the eight of Okabe and Ito's palette,
#: chosen to stay apart for people with the common colour-vision deficiencies, then four
#: of ColorBrewer's Dark2; ordered so that codes made one after another (ids in sequence)
#: alternate warm and cool. Every pair is at least 26 apart in CIELAB (the previous
#: pastel set had pairs 14 apart), and dark text stays above 8:1 on a highlight's tint.
PALETTE = (
    "#e69f00", "#0072b2", "#f0e442", "#cc79a7", "#009e73", "#d55e00",
    "#56b4e9", "#a6761d", "#8c6bb1", "#66a61e", "#e7298a", "#999999",
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
