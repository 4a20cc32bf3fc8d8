"""REFI-QDA interchange (QDA-XML 1.0 / REFI-QDA 1.5): .qdpx projects and .qdc codebooks
as plain data. Headless: no database."""

from mutualscope.io.refi.model import (
    RefiCase,
    RefiCode,
    RefiCodebook,
    RefiCoding,
    RefiNote,
    RefiOtherSource,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiTextSource,
    RefiUser,
    RefiVariable,
    RefiVariableValue,
    walk_codes,
)
from mutualscope.io.refi.reader import is_codebook_file, read_qdc, read_qdpx
from mutualscope.io.refi.writer import codebook_xml, project_xml, write_qdc, write_qdpx

__all__ = [
    "RefiCase",
    "RefiCode",
    "RefiCodebook",
    "RefiCoding",
    "RefiNote",
    "RefiOtherSource",
    "RefiProject",
    "RefiSelection",
    "RefiSet",
    "RefiTextSource",
    "RefiUser",
    "RefiVariable",
    "RefiVariableValue",
    "codebook_xml",
    "is_codebook_file",
    "project_xml",
    "read_qdc",
    "read_qdpx",
    "walk_codes",
    "write_qdc",
    "write_qdpx",
]
