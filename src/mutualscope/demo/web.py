"""The demo's web step: a sign-in for the fictional demo project's web app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mutualscope.services.project import Project
from mutualscope.services.users import add_user

#: Printed by ``mutualscope demo``; the demo project is fictional and served on loopback.
DEMO_USER = "demo"
DEMO_PASSWORD = "demo-password"


def run(project: Project, out_dir: Path, say: Callable[[str], None]) -> None:
    with project.session() as session:
        add_user(
            session, name=DEMO_USER, role="owner", password=DEMO_PASSWORD, actor="demo builder"
        )
    say(f"Web: sign in as {DEMO_USER} with password {DEMO_PASSWORD}")
