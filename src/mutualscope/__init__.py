"""mutualscope: research on public service mutuals.

The public API for notebooks and scripts::

    import mutualscope
    project = mutualscope.open_project("demo/mutualscope.db")
    with project.session() as session:
        ...

The names are looked up on first use (PEP 562), so that importing any part of the
package (the command line's ``--help``, a domain module) does not load SQLAlchemy and
Alembic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mutualscope.services.project import Project, init_project, open_project

    __version__: str

__all__ = ["Project", "__version__", "init_project", "open_project"]

_PROJECT_NAMES = frozenset({"Project", "init_project", "open_project"})


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value: Any = version("mutualscope")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            value = "0.0.0"
    elif name in _PROJECT_NAMES:
        from mutualscope.services import project

        value = getattr(project, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
