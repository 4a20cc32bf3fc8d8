"""The fixed choices (and their defaults) that commands and pages offer, each checked
by the service it belongs to.

They live here, apart from the services, so that a command's ``--help`` lists them
without loading the database layer; each service imports its own from this module.
"""

from __future__ import annotations

from typing import Final

#: What a source document is (``docs import --kind``).
DOCUMENT_KINDS: Final = ("interview", "focus-group", "evidence", "policy", "other")
#: The roles of a user account, from most to least trusted.
USER_ROLES: Final = ("owner", "coder", "viewer")
#: The units inter-coder agreement compares: each character, or each speaker turn.
AGREEMENT_UNITS: Final = ("character", "turn")
#: How word counts may be split.
WORD_GROUPINGS: Final = ("role", "case")
#: What a matrix cell counts, and where two codes count as occurring together.
MATRIX_MEASURES: Final = ("codings", "documents", "cases", "participants")
MATRIX_SCOPES: Final = ("overlap", "turn", "document")
#: Whether ``protect scan`` uses the named-entity model.
SCAN_MODELS: Final = ("auto", "on", "off")
#: How search by meaning ranks passages.
SEARCH_MODES: Final = ("semantic", "hybrid")
DEFAULT_SEARCH_MODE: Final = "hybrid"
#: How a suggested coding is scored; ``auto`` picks one of them per code.
SUGGESTION_METHODS: Final = ("centroid", "logistic")
SUGGESTION_AUTO: Final = "auto"
#: Evaluating suggestions: the share of each code's codings hidden, and the cut-off k.
EVALUATION_SHARE: Final = 0.5
EVALUATION_K: Final = 10
#: The report templates mutualscope ships.
REPORT_TEMPLATES: Final = ("inquiry",)
