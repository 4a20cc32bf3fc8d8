from __future__ import annotations

from pathlib import Path

from mutualscope.demo import web
from mutualscope.demo.builder import STEPS
from mutualscope.services.project import Project
from mutualscope.services.users import authenticate


def test_web_step_adds_a_demo_owner_who_can_sign_in(project: Project, tmp_path: Path) -> None:
    said: list[str] = []
    web.run(project, tmp_path, said.append)
    with project.session() as session:
        user = authenticate(session, name=web.DEMO_USER, password=web.DEMO_PASSWORD)
    assert user is not None and user.role == "owner"
    assert said == [f"Web: sign in as demo with password {web.DEMO_PASSWORD}"]
    assert STEPS[-1].run is web.run
