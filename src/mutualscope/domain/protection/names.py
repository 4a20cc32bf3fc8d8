"""Rules for names the project does not know: given names with the surname after them,
titles ("Dr Okafor"), organisation names by their last word, and job titles that point to
one person ("the director of nursing at Luton Borough Council")."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from mutualscope.domain.protection.findings import Finding, make_finding
from mutualscope.domain.protection.gazetteer import Gazetteer, GazetteerEntry
from mutualscope.domain.protection.kinds import JOB_TITLE, ORGANISATION, PERSON, PLACE
from mutualscope.domain.protection.names_lexicon import (
    GIVEN_NAMES,
    HONORIFICS,
    NAMES_THAT_ARE_WORDS,
    NICKNAMES,
    NOT_SURNAMES,
)
from mutualscope.domain.protection.places_lexicon import (
    GENERIC_ORGANISATION_WORDS,
    ORGANISATION_ENDINGS,
    PLACES,
)
from mutualscope.domain.protection.tokens import Token, gap_is_space, starts_sentence


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


_LEXICON_CONFIDENCE = 0.8
_MONTHS = frozenset({"april", "may", "june", "august"})


@cache
def lexicon_gazetteer() -> Gazetteer:
    """The built-in given names and places, as gazetteer entries of source "lexicon"."""
    # Months are left to the project's own names: "April" and "May" are dates far more
    # often than people in an interview.
    names = sorted((GIVEN_NAMES | NAMES_THAT_ARE_WORDS | set(NICKNAMES)) - _MONTHS)
    entries = [
        GazetteerEntry(n, PERSON, "given name", "lexicon", _LEXICON_CONFIDENCE) for n in names
    ]
    entries += [
        GazetteerEntry(p, PLACE, "place name", "lexicon", _LEXICON_CONFIDENCE)
        for p in sorted(PLACES)
    ]
    return Gazetteer(entries)


def _surname_like(token: Token) -> bool:
    return (
        token.capitalised
        and token.text.replace("'", "").replace("’", "").replace("-", "").isalpha()
        and token.lower not in NOT_SURNAMES
        and token.base_lower not in NOT_SURNAMES
        and token.base_lower not in ORGANISATION_ENDINGS
        and token.base_lower not in PLACES
        and token.base_lower not in HONORIFICS
    )


def extend_people(text: str, tokens: Sequence[Token], findings: list[Finding]) -> list[Finding]:
    """Person findings carried on over the capitalised surname that follows them
    ("Sarah" -> "Sarah Jenkins"), up to two words, stopping at a possessive."""
    by_end = {t.base_end: i for i, t in enumerate(tokens)}
    by_end.update({t.end: i for i, t in enumerate(tokens)})
    extended = []
    for finding in findings:
        i = by_end.get(finding.end)
        if finding.kind != PERSON or i is None or tokens[i].possessive:
            extended.append(finding)
            continue
        end, steps = finding.end, 0
        while steps < 2 and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if not (_surname_like(nxt) and gap_is_space(text, tokens[i], nxt)):
                break
            end, i, steps = nxt.base_end, i + 1, steps + 1
            if nxt.possessive:
                break
        if steps:
            confidence = max(finding.confidence, 0.85)
            extended.append(
                make_finding(
                    text, finding.start, end, PERSON, confidence, finding.source, finding.rule
                )
            )
        else:
            extended.append(finding)
    return extended


def find_titled_people(text: str, tokens: Sequence[Token]) -> Iterator[Finding]:
    """ "Dr Okafor", "Mrs. Hughes", "Councillor Amina Begum": the name, not the title."""
    for i, token in enumerate(tokens[:-1]):
        if token.lower not in HONORIFICS or not token.capitalised:
            continue
        gap = text[token.end : tokens[i + 1].start]
        if gap not in (" ", ". "):
            continue
        j = i + 1
        last = None
        while j < len(tokens) and j <= i + 3 and _surname_like(tokens[j]):
            if j > i + 1 and not gap_is_space(text, tokens[j - 1], tokens[j]):
                break
            last = j
            if tokens[j].possessive:
                break
            j += 1
        if last is not None:
            yield make_finding(
                text, tokens[i + 1].start, tokens[last].base_end, PERSON, 0.9, "rule", "title"
            )


# Words that end a name for good: "Luton Council and Bedford Trust" are two.
_FINAL_ENDINGS = frozenset(
    {"pct", "ccg", "icb", "ics", "cic", "c.i.c", "ltd", "limited", "llp", "plc", "trust", "council"}
)
_CONNECTORS = frozenset({"and", "&", "of", "for", "the", "on"})
_NAMED_AFTER = frozenset({"university", "college", "hospital", "council", "borough"})


def _name_word(token: Token) -> bool:
    return token.capitalised or token.text.isupper()


def find_organisations(text: str, tokens: Sequence[Token]) -> Iterator[Finding]:
    """Capitalised words ending in Trust, Council, CIC, PCT ... ("Luton Borough Council"),
    and "University of Bedfordshire"; at least one word must be more than generic."""
    for i, token in enumerate(tokens):
        ending = token.base_lower
        if ending not in ORGANISATION_ENDINGS or not _name_word(token):
            continue
        if (
            i + 1 < len(tokens)
            and _name_word(tokens[i + 1])
            and tokens[i + 1].base_lower not in ORGANISATION_ENDINGS
            and gap_is_space(text, token, tokens[i + 1])
        ):
            continue  # "Big Society Capital": the name goes on past "Society"
        first = i
        j = i - 1
        while j >= 0 and i - j <= 7 and gap_is_space(text, tokens[j], tokens[j + 1]):
            word = tokens[j]
            if _name_word(word) and word.lower != "the":
                first = j
            elif (
                word.lower not in _CONNECTORS
                or j == 0
                or not _name_word(tokens[j - 1])
                # "Bedfordshire PCT for Luton ...": a name ended before the connector
                # ("Norfolk Community Health and Care" goes on past "Health and").
                or (
                    word.lower not in ("and", "&")
                    and tokens[j - 1].base_lower in ORGANISATION_ENDINGS
                )
                or tokens[j - 1].base_lower in _FINAL_ENDINGS
            ):
                break
            j -= 1
        last = i
        if ending in _NAMED_AFTER and i + 2 < len(tokens) and tokens[i + 1].lower == "of":
            k = i + 2
            while k < len(tokens) and _name_word(tokens[k]) and k - i <= 4:
                if not gap_is_space(text, tokens[k - 1], tokens[k]):
                    break
                last = k
                k += 1
        words = [t.base_lower for t in tokens[first : last + 1]]
        if all(w in GENERIC_ORGANISATION_WORDS or w in _CONNECTORS for w in words):
            continue
        if first == i and last == i:
            continue
        if first < i and starts_sentence(text, tokens[first]) and tokens[first].lower == "the":
            first += 1
        yield make_finding(
            text,
            tokens[first].start,
            tokens[last].base_end,
            ORGANISATION,
            0.8,
            "rule",
            "organisation name",
        )


_TITLE = re.compile(
    r"\b(?:(?:deputy|assistant|associate|interim|acting|joint|former|new)\s+)?"
    r"(?:chief\s+executive(?:\s+officer)?|chief\s+(?:operating|financial|nursing)\s+officer"
    r"|chief\s+nurse|ceo|coo|cfo|chair(?:man|woman|person)?|vice[- ]chair"
    r"|(?:medical|finance|nursing|operations|clinical|managing|programme|service|executive"
    r"|non-executive|commercial|hr|quality|people|workforce|strategy)\s+director"
    r"|director\s+(?:of|for)\s+[a-z'’]+(?:\s+(?:and\s+)?[a-z'’]+)?"
    r"|head\s+of\s+[a-z'’]+(?:\s+(?:and\s+)?[a-z'’]+)?"
    r"|general\s+manager|team\s+leader|lead\s+nurse|senior\s+partner"
    r"|(?:clinical|service|team|practice|ward|operations|commissioning|project|programme"
    r"|finance|business|contracts?)\s+(?:lead|manager)"
    r"|lead\s+commissioner|matron|company\s+secretary|council\s+leader"
    r"|leader\s+of\s+the\s+council|cabinet\s+member\s+for\s+[a-z]+(?:\s+[a-z]+)?)\b",
    re.IGNORECASE,
)
_TITLE_FIRST_WORDS = _words(
    """deputy assistant associate interim acting joint former new chief ceo coo cfo chair
    chairman chairwoman chairperson vice vice-chair medical finance nursing operations
    clinical managing programme service executive non-executive commercial hr quality
    people workforce strategy director head team practice ward commissioning project
    business contract contracts lead matron company council leader cabinet general
    senior"""
)
_TIED_TO = re.compile(r"\s+(?:at|of|for|in|with)\s+(?:the\s+)?", re.IGNORECASE)


def _title_starts(text: str, tokens: Sequence[Token]) -> Iterator[re.Match[str]]:
    """Titles matched only where a word that can begin one stands (much faster than
    searching the whole text with the long pattern)."""
    for token in tokens:
        if token.lower in _TITLE_FIRST_WORDS:
            match = _TITLE.match(text, token.start)
            if match:
                yield match


def find_job_titles(
    text: str, findings: Sequence[Finding], tokens: Sequence[Token] | None = None
) -> Iterator[Finding]:
    """A post tied to a named organisation, place or person: "the director of nursing at
    X", "X's chief executive", "their chief executive, Will Garside". Other titles are
    roles, not identifiers, and are left alone."""
    places = {f.start: f for f in findings if f.kind in (ORGANISATION, PLACE)}
    owners = {f.end: f for f in findings if f.kind in (ORGANISATION, PLACE)}
    people_at = {f.start for f in findings if f.kind == PERSON}
    matches = _TITLE.finditer(text) if tokens is None else _title_starts(text, tokens)
    for match in matches:
        start, end = match.span()
        words = match.group().split()
        # "director of nursing at X": the regex may have taken "at"/"the" into the title.
        for cut in range(len(words), 0, -1):
            title_end = _end_of(text, start, words[:cut])
            tie = _TIED_TO.match(text, title_end)
            if tie and tie.end() in places:
                yield make_finding(text, start, title_end, JOB_TITLE, 0.85, "rule", "job title")
                break
        else:
            if _owned(text, start, owners) or _before_person(text, end, people_at):
                yield make_finding(text, start, end, JOB_TITLE, 0.8, "rule", "job title")


def _owned(text: str, start: int, owners: dict[int, Finding]) -> bool:
    before = text[max(0, start - 3) : start]
    return before in ("'s ", "’s ") and start - 3 in owners


_APPOSITION_AFTER = re.compile(r",\s+")


def _before_person(text: str, end: int, people_at: set[int]) -> bool:
    """ "their chief executive, Will Garside". (The other way round, "Will Garside, their
    chief executive", the name says who it is and the title is left to the reader.)"""
    after = _APPOSITION_AFTER.match(text, end)
    return after is not None and after.end() in people_at


def _end_of(text: str, start: int, words: Sequence[str]) -> int:
    """Where the given words, read from ``start`` with any spacing, end."""
    position = start
    for word in words:
        position = text.index(word, position) + len(word)
    return position
