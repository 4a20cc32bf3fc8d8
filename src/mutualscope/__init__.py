"""mutualscope: research on public service mutuals.

The public API for notebooks and scripts::

    import mutualscope
    project = mutualscope.open_project("demo/mutualscope.db")
    with project.session() as session:
        ...
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mutualscope")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

from mutualscope.services.project import Project, init_project, open_project

__all__ = ["Project", "__version__", "init_project", "open_project"]
