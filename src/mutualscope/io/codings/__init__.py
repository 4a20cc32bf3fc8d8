"""Codings files from other tools and from people: file -> :class:`CodingTable`.

One module per tool's dialect (:mod:`.maxqda`, :mod:`.atlasti`, :mod:`.nvivo`,
:mod:`.generic`); :func:`read_codings_file` tells them apart by their columns. Headless
and database-free: :mod:`mutualscope.services.coding_imports` places and stores the rows.
"""

from __future__ import annotations

from mutualscope.io.codings.reader import DIALECT_KEYS, DIALECTS, read_codings_file
from mutualscope.io.codings.rows import CodingRow, CodingTable

__all__ = ["DIALECTS", "DIALECT_KEYS", "CodingRow", "CodingTable", "read_codings_file"]
