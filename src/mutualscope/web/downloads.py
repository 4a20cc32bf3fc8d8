"""A file made by a service, answered as a download."""

from __future__ import annotations

from fastapi.responses import Response

from mutualscope.services.exports import Export


def download(export: Export) -> Response:
    """The export's bytes with its media type, saved under its name by the browser."""
    return Response(
        export.content,
        media_type=export.media_type,
        headers={
            "content-disposition": f'attachment; filename="{export.filename}"',
            "x-quotes-left-out": str(export.left_out),
        },
    )
