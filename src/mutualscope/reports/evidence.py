"""The qualitative evidence a template prints: quotes for a code, how widely a code was
applied, and matrices of codes against roles or cases.

Built on the coding services' passage selection (coding -> speaker turn -> participant
-> case), so a report counts exactly what ``mutualscope quotes`` and ``matrix`` show, and
each figure's provenance is the command that lists the passages behind it.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutualscope.domain.attribution import attribution
from mutualscope.domain.roles import role_key
from mutualscope.domain.wordtimes import timed_attribution
from mutualscope.reports.method import role_label
from mutualscope.reports.provenance import Provenance, Sourced
from mutualscope.reports.reader import SOURCE_PREFIX, MarkdownText, escape_markdown
from mutualscope.reports.selection import Candidate, choose_quotes, clean_quote
from mutualscope.services.codebook import CodeIndex
from mutualscope.services.consent import QuotingConsent, quoting_consent
from mutualscope.services.matrices import build_matrix
from mutualscope.services.passage_index import Passage
from mutualscope.services.passages import PassageDetail, passage_details, select_passages
from mutualscope.services.protection.quoting import QuoteText
from mutualscope.services.quotes import build_filter
from mutualscope.services.recording_words import passage_times
from mutualscope.storage.cases import Case, Participant


@dataclass(frozen=True)
class ReportQuote:
    """A quote as the report prints it: its words, then the attribution linked to its
    document and offsets."""

    text: str
    attribution: str
    source_id: str
    role: str | None
    case: str | None

    def __markdown__(self) -> str:
        return (
            f"\u201c{escape_markdown(self.text)}\u201d "
            f"[{escape_markdown(self.attribution)}]({SOURCE_PREFIX}{self.source_id})"
        )

    def __str__(self) -> str:
        return f"\u201c{self.text}\u201d {self.attribution}"


@dataclass(frozen=True)
class Coverage:
    """How widely a code was applied: passages, interviews and cases."""

    code: str
    passages: Sourced
    codings: Sourced
    documents: Sourced
    cases: Sourced
    all_cases: Sourced


def count_stretches(spans: Iterable[tuple[int, int, int]]) -> int:
    """Stretches of coded text: overlapping (document, start, end) spans count once, so
    a passage coded by two coders is one passage."""
    count = 0
    last_document, reach = None, -1
    for document, start, end in sorted(spans):
        if document != last_document or start >= reach:
            count += 1
            last_document, reach = document, end
        else:
            reach = max(reach, end)
    return count


class Evidence:
    """The evidence functions of one report, sharing its provenance and code index."""

    def __init__(
        self,
        session: Session,
        provenance: Provenance,
        *,
        times: bool = False,
        identifiable: bool = False,
    ) -> None:
        self.session = session
        self.provenance = provenance
        #: The words quoted: the pseudonymised text when there is one, unless identifiable.
        self.text = QuoteText(session, identifiable=identifiable)
        #: Quotes from recorded interviews give their time in their attribution.
        self.times = times
        self._index: CodeIndex | None = None
        self._withdrawn: set[int] | None = None
        self._consent: QuotingConsent | None = None
        # A passage is quoted once per report, as in the seed, however many themes it has.
        self._quoted: set[int] = set()
        # Passages' documents and words, read once however many themes include them.
        self._details: dict[int, PassageDetail] = {}
        self._cleaned: dict[int, str] = {}

    def _words(self, passages: list[Passage]) -> dict[int, str]:
        """Each passage's words, whitespace tidied, read from the documents once."""
        missing = [p for p in passages if p.coding_id not in self._details]
        if missing:
            self._details.update(passage_details(self.session, missing))
            for p in missing:
                words = self.text.words(
                    p.document_id, p.start, p.end, self._details[p.coding_id].text
                )
                self._cleaned[p.coding_id] = clean_quote(words)
        return self._cleaned

    @property
    def withdrawn(self) -> set[int]:
        """People who withdrew consent: their words are never quoted, whatever is coded."""
        if self._withdrawn is None:
            self._withdrawn = set(
                self.session.scalars(
                    select(Participant.id).where(Participant.consent == "withdrawn")
                )
            )
        return self._withdrawn

    @property
    def consent(self) -> QuotingConsent:
        """Each speaker's consent to being quoted, and the project's rule for unknown."""
        if self._consent is None:
            self._consent = quoting_consent(self.session)
        return self._consent

    def _left_out_for_consent(self, passage: Passage) -> str | None:
        """Why consent keeps a passage out of the report, or None if it may be quoted."""
        if passage.participant_id in self.withdrawn:
            return "the speaker withdrew"
        if self.consent.may_quote(passage.participant_id):
            return None
        if self.consent.answer(passage.participant_id) == "refused":
            return "the speaker refused consent to quoting"
        return "the speaker's consent to quoting is not recorded (the project requires it)"

    @property
    def index(self) -> CodeIndex:
        if self._index is None:
            self._index = CodeIndex.load(self.session)
        return self._index

    def _code_ids(self, code: str, subcodes: bool) -> list[int]:
        found = self.index.resolve(code)
        return self.index.descendants(found.id) if subcodes else [found.id]

    def quotes(
        self,
        code: str,
        n: int = 2,
        *,
        role: str | None = None,
        case: str | None = None,
        external: bool | None = None,
        subcodes: bool = True,
    ) -> list[ReportQuote]:
        """Up to ``n`` quotes for ``code``, chosen for a variety of voices (see
        :mod:`selection`), attributed by role and case only; a passage already quoted
        earlier in the report is not quoted again."""
        filters = build_filter(
            self.session,
            code_ids=self._code_ids(code, subcodes),
            # "Chief executive" and "CEO" name one role, as on import.
            role=role_key(role) if role else None,
            case=case,
        )
        index, passages = select_passages(self.session, filters)
        found = []
        for passage in passages:
            person = index.people.get(passage.participant_id) if passage.participant_id else None
            is_external = person.external if person else False
            if passage.coding_id in self._quoted or (
                external is not None and is_external != external
            ):
                continue
            reason = self._left_out_for_consent(passage)
            if reason is not None:
                self.provenance.leave_out(passage.coding_id, reason)
                continue
            found.append((passage, person.role if person else None, is_external))
        words_of = self._words([p for p, _, _ in found])
        candidates = [
            Candidate(
                text=words_of[p.coding_id],
                role=person_role,
                case=index.case_label(p),
                key=(self._details[p.coding_id].document, p.start),
                end=p.end,
            )
            for p, person_role, _ in found
        ]
        chosen = []
        picked = choose_quotes(candidates, n)
        times = passage_times(
            self.session,
            [(found[i][0].document_id, found[i][0].start, found[i][0].end) for i in picked],
        )
        for i in picked:
            passage, person_role, is_external = found[i]
            self._quoted.add(passage.coding_id)
            words = words_of[passage.coding_id]
            case_label = candidates[i].case
            credit = attribution(person_role, case_label, external=is_external, style="of")
            said = times[(passage.document_id, passage.start, passage.end)]
            if said is not None and self.times:
                credit = timed_attribution(credit, said.start)
            source = self.provenance.quote(
                label=credit,
                text=words,
                document=self.text.name(self._details[passage.coding_id].document) or "",
                start=passage.start,
                end=passage.end,
                coding_id=passage.coding_id,
                code=self.index.path(passage.code_id),
                recording=said.recording if said else None,
                checksum=said.checksum if said else None,
                time_start=said.start if said else None,
                time_end=said.end if said else None,
            )
            if self.consent.answer(passage.participant_id) == "unknown":
                self.provenance.quoted_without_consent(source.id)
            chosen.append(ReportQuote(words, credit, source.id, person_role, case_label))
        return chosen

    def coverage(self, code: str, *, subcodes: bool = True) -> Coverage:
        """Passages coded ``code``, the interviews and the cases they come from."""
        path = self.index.path(self.index.resolve(code).id)
        filters = build_filter(self.session, code_ids=self._code_ids(code, subcodes))
        _, passages = select_passages(self.session, filters)
        stretches = count_stretches((p.document_id, p.start, p.end) for p in passages)
        documents = {p.document_id for p in passages}
        cases = {p.case_id for p in passages if p.case_id is not None}
        # The quotes command lists exactly the passages counted here, with their
        # documents and cases.
        command = shlex.join(["mutualscope", "quotes", path, *(["--subcodes"] if subcodes else [])])
        number = self.provenance.number
        all_cases_q = select(func.count(Case.id))
        return Coverage(
            code=path,
            passages=number(
                stretches,
                f"passages coded {path} (overlapping codings, as by two coders, count once)",
                command,
            ),
            codings=number(len(passages), f"codings of {path}", command),
            documents=number(len(documents), f"documents with passages coded {path}", command),
            cases=number(len(cases), f"cases with passages coded {path}", command),
            all_cases=number(
                self.session.scalar(all_cases_q) or 0, "case studies in the project", all_cases_q
            ),
        )

    def matrix(
        self, code: str | None = None, *, by: str = "role", measure: str = "codings"
    ) -> MarkdownText:
        """A table of codes (``code`` and its sub-codes, or all) against roles or cases."""
        matrix = build_matrix(self.session, cols=by, measure=measure, code=code, rollup=True)
        command = ["mutualscope", "matrix", "--cols", by, "--measure", measure, "--rollup"]
        query = shlex.join(command + (["--code", code] if code else []))
        columns = [role_label(c) if by == "role" else c for c in matrix.columns]
        lines = [
            "| Code | " + " | ".join(escape_markdown(c) for c in columns) + " |",
            "|---|" + "---:|" * len(columns),
        ]
        for row in matrix.rows:
            cells = [f"{matrix.value(row, column):,}" for column in matrix.columns]
            lines.append(f"| {escape_markdown(row)} | " + " | ".join(cells) + " |")
        what = {"codings": "Coded passages", "documents": "Interviews", "cases": "Cases"}.get(
            measure, measure.capitalize()
        )
        caption = f"{what} by code and {by}"
        # One source for the whole table: every cell is a count over the same passages.
        table_id = self.provenance.table(
            f"{caption}: passages counted by {by}, sub-codes rolled up into their parents",
            query,
        )
        lines.append(f"Table: [{caption}]({SOURCE_PREFIX}{table_id})")
        return MarkdownText("\n".join(lines))
