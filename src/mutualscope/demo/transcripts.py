"""Demo step: six fictional case studies, their participants and interview transcripts
in several formats, plus the seed's public written evidence as an "evidence" document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from mutualscope.errors import ProjectError
from mutualscope.io.transcripts.speakermap import SpeakerMapping
from mutualscope.services.cases import add_case
from mutualscope.services.consent import set_consent
from mutualscope.services.import_sources import ImportSource
from mutualscope.services.imports import import_documents
from mutualscope.services.participants import add_participant
from mutualscope.services.project import Project
from mutualscope.storage.organisations import Organisation

DATA_DIR = Path(__file__).parent / "data" / "transcripts"
MANIFEST = DATA_DIR / "manifest.json"


def load_manifest() -> dict[str, Any]:
    """Cases, participants and documents of the demo, with each file's speaker map."""
    data: dict[str, Any] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return data


def run(project: Project, out_dir: Path, say: Any) -> None:
    """Add the demo cases, people and documents to ``project``."""
    manifest = load_manifest()
    with project.session() as session:
        for case in manifest["cases"]:
            # Link to the registry step's organisation when it has one of this name.
            org = session.scalar(
                select(Organisation.name).where(
                    func.lower(Organisation.name) == case["organisation"].lower()
                )
            )
            add_case(
                session,
                label=case["label"],
                organisation=org,
                description=f"{case['organisation']}: {case['description']}",
            )
        for person in manifest["participants"]:
            add_participant(
                session,
                label=person["label"],
                role=person["role"],
                case=person["case"],
                external=person["external"],
            )
            # Everyone in the demo agreed to be interviewed, quoted and archived.
            set_consent(
                session,
                person["label"],
                answers={"interview": "yes", "quoting": "yes", "archiving": "yes"},
                form=f"consent-forms/{person['label']}.pdf",
            )
        for doc in manifest["documents"]:
            path = DATA_DIR / doc["file"]
            mapping = [
                SpeakerMapping(None, label, participant, 0)
                for label, participant in doc["speakers"].items()
            ]
            report = import_documents(
                session,
                [],
                sources=[ImportSource(path, doc["file"])],
                case=doc["case"],
                kind=doc["kind"],
                speaker_map=mapping,
            )
            if report.failed:
                raise ProjectError(f"Demo transcript failed: {report.failed[0].message}")
    say(
        f"Added {len(manifest['cases'])} cases, {len(manifest['participants'])} participants "
        f"and {len(manifest['documents'])} documents (fictional interviews and the seed's "
        "written evidence)"
    )
