"""Modules a command module names at the top but imports only when a command uses them.

A command module is imported to list or explain its commands (``--help``, the reference
in docs/cli.md), which must not pay for SQLAlchemy, the importers or the report
renderers. Each such module is bound like this, so that mypy still sees the real one::

    if TYPE_CHECKING:
        from mutualscope.services import cases as cases_service
    else:
        cases_service = lazy_module("mutualscope.services.cases")

tests/cli/test_startup.py fails when a heavy library is loaded before a command runs.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule(ModuleType):
    """Stands for the module of that name, importing it on the first attribute read."""

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self.__name__), attribute)


def lazy_module(name: str) -> Any:
    return LazyModule(name)


def lazy_callable(module: str, name: str) -> Any:
    """A function (or class to construct) of that module, imported on the first call."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call
