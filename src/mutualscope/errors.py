"""The errors services raise. Shells turn them into messages and exit codes."""

from __future__ import annotations


class MutualscopeError(Exception):
    """Base class: the message is written for the person using mutualscope."""


class NotFound(MutualscopeError):
    """A named object does not exist."""


class Conflict(MutualscopeError):
    """The change would clash with what the project already holds."""


class InvalidInput(MutualscopeError):
    """Input that cannot be accepted; ``problems`` lists each one with its location."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []

    def __str__(self) -> str:
        base = super().__str__()
        if not self.problems:
            return base
        return base + "\n" + "\n".join(f"  {p}" for p in self.problems)


class PermissionDenied(MutualscopeError):
    """The user's role does not allow the action."""


class ProjectError(MutualscopeError):
    """The project database cannot be opened or used as it is."""


class SchemaOutOfDate(ProjectError):
    """The database schema is older than this version of mutualscope."""


class SchemaTooNew(ProjectError):
    """The database was written by a newer version of mutualscope."""
