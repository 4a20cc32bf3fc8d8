"""Large .qdpx files in NVivo's style, written by streaming (hand-made, not exported by
NVivo): UTF-8 sources with CR LF line ends, emoji and 𝔘-style letters, selections with
empty names whose offsets count UTF-16 code units with CR LF as two, one coding each.

Used by the bounded-reader tests, and by hand to measure the 200,000-selection case::

    python -m tests.io.refi.large OUT.qdpx SOURCES SELECTIONS_PER_SOURCE
"""

from __future__ import annotations

import random
import sys
import uuid
import zipfile
from pathlib import Path

WORDS = (
    "we", "surplus", "pilot", "commissioners", "staff", "risk", "funding", "service",
    "users", "board", "tender", "social", "value", "austerity", "ideas", "innovation",
    "café", "coopérative", "naïve", "🙂", "𝔘𝔫𝔦𝔱𝔶", "👩‍⚕️", "£250,000",
)  # fmt: skip
WORDS_PER_LINE = 24


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def source_text(rng: random.Random, lines: int) -> tuple[str, list[tuple[int, int]]]:
    """A transcript with CR LF line ends, and the spans (code points) of its words."""
    parts: list[str] = []
    words: list[tuple[int, int]] = []
    position = 0
    for n in range(lines):
        label = "Interviewer: " if n % 2 == 0 else "Manager: "
        parts.append(label)
        position += len(label)
        for k in range(WORDS_PER_LINE):
            word = rng.choice(WORDS)
            if k:
                parts.append(" ")
                position += 1
            parts.append(word)
            words.append((position, position + len(word)))
            position += len(word)
        parts.append(".\r\n")
        position += 3
    return "".join(parts), words


def utf16_units(text: str) -> list[int]:
    """``units[i]``: how many UTF-16 code units precede code point ``i``."""
    units = [0] * (len(text) + 1)
    count = 0
    for index, char in enumerate(text):
        units[index] = count
        count += 2 if ord(char) > 0xFFFF else 1
    units[len(text)] = count
    return units


def write_large_qdpx(
    path: Path,
    sources: int,
    selections: int,
    *,
    seed: int = 11,
    expected: dict[str, str] | None = None,
) -> int:
    """Write ``sources`` sources with ``selections`` coded selections each; returns the
    number of selections written. ``expected``, when given, is filled with the words
    each coding holds (by coding GUID), as mutualscope stores them."""
    rng = random.Random(seed)
    codes = [_guid(rng) for _ in range(50)]
    users = [_guid(rng) for _ in range(3)]
    texts = [source_text(rng, max(20, selections // 4)) for _ in range(sources)]
    guids = [_guid(rng) for _ in range(sources)]
    written = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for guid, (text, _words) in zip(guids, texts, strict=True):
            archive.writestr(f"sources/{guid}.txt", text.encode("utf-8"))
        with archive.open("project.qde", "w", force_zip64=True) as qde:

            def put(text: str) -> None:
                qde.write(text.encode("utf-8"))

            put('<?xml version="1.0" encoding="utf-8"?>')
            put('<Project xmlns="urn:QDA-XML:project:1.0" name="Large" origin="NVivo-like 12">')
            put("<Users>")
            for n, user in enumerate(users):
                put(f'<User guid="{user}" name="Coder {n}"/>')
            put(f'</Users><CodeBook><Codes><Code guid="{_guid(rng)}" name="Themes" ')
            put('isCodable="false">')
            for n, code in enumerate(codes):
                put(f'<Code guid="{code}" name="Code {n}" isCodable="true"/>')
            put("</Code></Codes></CodeBook><Sources>")
            for s, (guid, (text, words)) in enumerate(zip(guids, texts, strict=True)):
                units = utf16_units(text)
                put(
                    f'<TextSource guid="{guid}" name="Interview {s:04d}" '
                    f'plainTextPath="internal://{guid}.txt">'
                )
                taken: set[tuple[int, int, str, str]] = set()
                for _ in range(selections):
                    # Each span is coded with a code by a coder once, as a QDA tool keeps it.
                    while True:
                        first = rng.randrange(len(words) - 8)
                        start, end = words[first][0], words[first + rng.randint(0, 7)][1]
                        code, coder = rng.choice(codes), rng.choice(users)
                        if (start, end, code, coder) not in taken:
                            taken.add((start, end, code, coder))
                            break
                    coding = _guid(rng)
                    if expected is not None:
                        expected[coding] = text[start:end].replace("\r\n", "\n")
                    put(
                        f'<PlainTextSelection guid="{_guid(rng)}" name="" '
                        f'startPosition="{units[start]}" endPosition="{units[end]}" '
                        f'creatingUser="{coder}" creationDateTime="2019-05-02T10:00:00Z">'
                        f'<Coding guid="{coding}" creatingUser="{coder}" '
                        'creationDateTime="2019-05-02T10:00:00Z">'
                        f'<CodeRef targetGUID="{code}"/></Coding>'
                        "</PlainTextSelection>"
                    )
                    written += 1
                put("</TextSource>")
            put("</Sources></Project>")
    return written


if __name__ == "__main__":
    count = write_large_qdpx(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
    print(f"{count} selections written to {sys.argv[1]}")
