"""The demo's transcripts: six cases, every role group, several formats, the seed."""

from __future__ import annotations

from pathlib import Path

from mutualscope.demo import transcripts
from mutualscope.domain.roles import GROUPS
from mutualscope.services.cases import list_cases
from mutualscope.services.documents import list_documents, load_document
from mutualscope.services.participants import list_participants
from mutualscope.services.project import Project


def test_demo_transcripts_cover_cases_roles_and_formats(project: Project, tmp_path: Path) -> None:
    transcripts.run(project, tmp_path, lambda _: None)
    with project.session() as session:
        assert [c.label for c in list_cases(session)] == [f"Case {n}" for n in range(1, 7)]
        groups = {p.role_group for p in list_participants(session)}
        assert groups == set(GROUPS) - {"other"}
        roles = {p.role for p in list_participants(session)}
        assert {"ceo", "director", "manager", "nurse", "therapist", "trustee", "user",
                "commissioner", "partner", "support provider"} <= roles  # fmt: skip
        docs = list_documents(session)
        assert {d.source_format for d in docs} >= {"txt", "docx", "vtt", "srt", "csv", "odt",
                                                   "html", "md"}  # fmt: skip
        evidence = [d for d in docs if d.kind == "evidence"]
        assert [d.name for d in evidence] == ["written-evidence-PUB0010.txt"]
        for doc in docs:
            if doc.kind == "evidence":
                continue
            view = load_document(session, doc.id)
            spoken = [s for s in view.segments if s.speaker]
            assert spoken and all(s.participant for s in spoken), doc.name
            # Captions keep the label in a NOTE block of the original file, not in the text.
            original = (transcripts.DATA_DIR / doc.name).read_text(
                encoding="utf-8", errors="ignore"
            )
            assert "fictional" in (view.text + original).lower(), doc.name


def test_demo_transcripts_are_labelled_fictional_in_the_manifest() -> None:
    manifest = transcripts.load_manifest()
    assert "Fictional" in manifest["note"]
    assert all("ictional" in c["description"] for c in manifest["cases"])
