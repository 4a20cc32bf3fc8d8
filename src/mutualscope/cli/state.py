"""What every command shares: the project named by --db, opened on first use."""

from __future__ import annotations

from dataclasses import dataclass, field

from mutualscope.services.project import Project, open_project


@dataclass
class CliState:
    db: str | None = None
    _project: Project | None = field(default=None, repr=False)

    @property
    def project(self) -> Project:
        if self._project is None:
            self._project = open_project(self.db)
        return self._project

    def close(self) -> None:
        if self._project is not None:
            self._project.close()
            self._project = None
