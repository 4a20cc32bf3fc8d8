"""Every mapped class, importable from one place."""

from mutualscope.storage.assist import AssistSuggestion, PassageEmbedding
from mutualscope.storage.base import Base
from mutualscope.storage.cases import Case, Participant
from mutualscope.storage.codebook import Code, CodebookRevision, Coding
from mutualscope.storage.consent import ConsentRecord
from mutualscope.storage.documents import Document, DocumentFile, Segment
from mutualscope.storage.jobs import WebJob, WebJobFile
from mutualscope.storage.memos import Memo
from mutualscope.storage.organisations import Organisation, OrganisationService, VocabularyTerm
from mutualscope.storage.protection import ProtectedText, ProtectionFinding, Pseudonym
from mutualscope.storage.recordings import Recording, RecordingChunk, RecordingWord
from mutualscope.storage.users import (
    AuditEvent,
    BrowserSession,
    ProjectSetting,
    SignInFailures,
    User,
)

__all__ = [
    "AssistSuggestion",
    "AuditEvent",
    "Base",
    "BrowserSession",
    "Case",
    "Code",
    "CodebookRevision",
    "Coding",
    "ConsentRecord",
    "Document",
    "DocumentFile",
    "Memo",
    "Organisation",
    "OrganisationService",
    "Participant",
    "PassageEmbedding",
    "ProjectSetting",
    "ProtectedText",
    "ProtectionFinding",
    "Pseudonym",
    "Recording",
    "RecordingChunk",
    "RecordingWord",
    "Segment",
    "SignInFailures",
    "User",
    "VocabularyTerm",
    "WebJob",
    "WebJobFile",
]
