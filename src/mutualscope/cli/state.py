"""What every command shares: the project named by --db, opened on first use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mutualscope.services.project import Project


@dataclass
class CliState:
    db: str | None = None
    _project: Project | None = field(default=None, repr=False)

    @property
    def project(self) -> Project:
        if self._project is None:
            # Imported here: a command's --help, or one that needs no project, does not
            # load the database layer.
            from mutualscope.services.project import open_project

            self._project = open_project(self.db)
        return self._project

    def close(self) -> None:
        if self._project is not None:
            self._project.close()
            self._project = None
