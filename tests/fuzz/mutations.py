"""Ways a real file goes wrong, applied to the seed files: each takes a random source and
the file's bytes and returns the damaged bytes, or None where it does not apply.

Byte damage (truncation, flipped bits, lost or repeated chunks), text damage (a huge
field, an enormous number, other encodings and line ends, NULs, astral characters and
lone surrogates, doubled quotes, a line repeated a hundred thousand times), and damage
inside the ZIP packages of .docx, .odt, .xlsx and .qdpx (a part damaged, dropped, or
inflated into a bomb; XML nested deep, elements repeated, entities declared).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable

Mutation = Callable[[random.Random, bytes], bytes | None]

#: Sizes of the long runs a huge field or a repeated line grows to.
RUN_LENGTHS = (1_000, 40_000, 200_000, 2_000_000, 20_000_000)
REPEATS = (1_000, 20_000, 120_000, 320_000)
#: The most a mutation adds, so that the harness itself stays small.
MAX_GROWTH = 200 * 1024 * 1024
ODD_PIECES = (
    b"\x00",
    "😀".encode(),
    b"\xed\xa0\x80",  # a lone surrogate as UTF-8 would write it
    b"\xef\xbb\xbf",  # a byte order mark in the middle
    b'""',
    b'"',
    b"\r",
    b"\r\n",
    "\u202e".encode(),  # right-to-left override
    "e\u0301".encode(),  # a combining accent
    b"\xff\xfe",
    b"&amp;&#0;&#xD800;&bogus;",
    b'"\\0\\uD800\\x00"',  # escapes that make a NUL or a surrogate in YAML or JSON
    b"<v " + b"N" * 300 + b">",
    b"-->",
    b"99999999999999999999:00:00.000 --> 00:00:01.000",
)


def _position(rng: random.Random, data: bytes) -> int:
    """A place to change: often just after a delimiter or line end, else anywhere."""
    if data and rng.random() < 0.6:
        marks = [m.end() for m in re.finditer(rb"[,;\t\n>:]", data[:200_000])]
        if marks:
            return rng.choice(marks)
    return rng.randrange(len(data) + 1)


def truncate(rng: random.Random, data: bytes) -> bytes | None:
    return data[: rng.randrange(len(data))] if data else None


def flip_bits(rng: random.Random, data: bytes) -> bytes | None:
    if not data:
        return None
    damaged = bytearray(data)
    for _ in range(rng.choice((1, 2, 8, 64))):
        damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
    return bytes(damaged)


def splice(rng: random.Random, data: bytes) -> bytes | None:
    """Lose, repeat or overwrite a chunk, as a bad copy or a partial download does."""
    if len(data) < 2:
        return None
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.choice((1, 16, 512, 8192)))
    chunk = data[start:end]
    match rng.randrange(4):
        case 0:
            return data[:start] + data[end:]
        case 1:
            return data[:end] + chunk * rng.choice((2, 50)) + data[end:]
        case 2:
            return data[:start] + bytes(len(chunk)) + data[end:]
        case _:
            noise = bytes(rng.randrange(256) for _ in range(len(chunk)))
            return data[:start] + noise + data[end:]


def huge_field(rng: random.Random, data: bytes) -> bytes | None:
    """A long run of one thing where a value belongs: letters, quotes, commas, newlines."""
    unit = rng.choice((b"x", b'"', b",", b"\n", b"\t", b";", "é".encode(), b"<p>", b" "))
    length = rng.choice(RUN_LENGTHS)
    at = _position(rng, data)
    return data[:at] + unit * (length // len(unit)) + data[at:]


def huge_number(rng: random.Random, data: bytes) -> bytes | None:
    digits = b"9" * rng.choice((12, 20, 400, 5_000, 50_000))
    number = rng.choice((digits, b"\xc2\xa3" + digits + b"bn", b"-" + digits, b"1e400", b"nan"))
    at = _position(rng, data)
    return data[:at] + number + data[at:]


def reencode(rng: random.Random, data: bytes) -> bytes | None:
    """The same text in another encoding: UTF-16 or UTF-32 with or without their mark,
    cp1252, or UTF-8 with a mark."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    encoding = rng.choice(("utf-16-le", "utf-16-be", "utf-16", "utf-32", "cp1252", "utf-8-sig"))
    return text.encode(encoding, errors="replace")


def line_ends(rng: random.Random, data: bytes) -> bytes | None:
    unified = data.replace(b"\r\n", b"\n")
    return unified.replace(b"\n", rng.choice((b"\r\n", b"\r", b"\n\n", b"\x85")))


def odd_characters(rng: random.Random, data: bytes) -> bytes | None:
    damaged = data
    for _ in range(rng.choice((1, 3, 10))):
        at = _position(rng, damaged)
        damaged = damaged[:at] + rng.choice(ODD_PIECES) + damaged[at:]
    return damaged


def repeat_line(rng: random.Random, data: bytes) -> bytes | None:
    """One line (a row, a turn, a cue) repeated many times: a file of many rows."""
    lines = data.splitlines(keepends=True)
    if len(lines) < 2:
        return None
    index = rng.randrange(1, len(lines))
    repeats = min(rng.choice(REPEATS), MAX_GROWTH // len(lines[index]))
    return b"".join(lines[:index]) + lines[index] * repeats + b"".join(lines[index:])


def _members(data: bytes) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    except Exception:  # not a readable archive: these mutations do not apply
        return None


def _pack(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _xml_names(members: dict[str, bytes]) -> list[str]:
    return [n for n in members if n.endswith((".xml", ".rels", ".qde")) or "." not in n]


#: Damage applied to one part of an archive (byte and text damage, small sizes).
_PART_DAMAGE: tuple[Mutation, ...] = (truncate, flip_bits, splice, odd_characters, reencode)


def damage_part(rng: random.Random, data: bytes) -> bytes | None:
    """One part of a package damaged, the archive itself intact."""
    members = _members(data)
    if not members:
        return None
    names = _xml_names(members) or list(members)
    name = rng.choice(names)
    damaged = rng.choice(_PART_DAMAGE)(rng, members[name])
    if damaged is None:
        return None
    members[name] = damaged
    return _pack(members)


def drop_part(rng: random.Random, data: bytes) -> bytes | None:
    members = _members(data)
    if not members:
        return None
    del members[rng.choice(list(members))]
    return _pack(members)


def _element_bomb(rng: random.Random, xml: bytes) -> bytes | None:
    """An element of the part repeated until the part is tens or hundreds of megabytes."""
    elements = re.findall(rb"<([\w:]+)[^<>]*>[^<>]{0,200}</\1>", xml[:500_000])
    if not elements:
        return None
    match = re.search(rb"<(" + re.escape(rng.choice(elements)) + rb")[^<>]*>[^<>]{0,200}</\1>", xml)
    if match is None:
        return None
    copies = min(rng.choice((50_000, 400_000, 4_000_000)), MAX_GROWTH // len(match.group(0)))
    return xml[: match.end()] + match.group(0) * copies + xml[match.end() :]


def _deep_nesting(rng: random.Random, xml: bytes) -> bytes | None:
    """Elements nested thousands deep inside the root."""
    root = re.search(rb"<([\w:]+)[^<>?!]*>", xml.split(b"?>", 1)[-1])
    if root is None:
        return None
    tag = rng.choice((root.group(1), b"span", b"text:span", b"w:r"))
    depth = rng.choice((300, 5_000, 100_000))
    at = xml.find(root.group(0)) + len(root.group(0))
    opening, closing = b"<" + tag + b">", b"</" + tag + b">"
    return xml[:at] + opening * depth + closing * depth + xml[at:]


def _entities(rng: random.Random, xml: bytes) -> bytes | None:
    """A DOCTYPE declaring nested entities (the "billion laughs"), used in the text."""
    doctype = (
        b'<!DOCTYPE d [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    )
    head, sep, rest = xml.partition(b"?>")
    if not sep:
        head, sep, rest = b"", b"", xml
    body = re.sub(rb">([^<>]{1,40})<", rb">\1&d;<", rest, count=rng.choice((1, 20)))
    return head + sep + doctype + body


def _spaces(rng: random.Random, xml: bytes) -> bytes | None:
    """OpenDocument's ``text:s`` asking for a huge number of spaces."""
    count = rng.choice((b"100000", b"2000000000", b"99999999999999999999", b"-5", b"\xc2\xb2"))
    return re.sub(rb"</text:p>", b'<text:s text:c="' + count + b'"/></text:p>', xml, count=5)


_XML_DAMAGE: tuple[Mutation, ...] = (_element_bomb, _deep_nesting, _entities, _spaces)


def xml_bomb(rng: random.Random, data: bytes) -> bytes | None:
    """An XML part (inside a package, or the file itself) made huge, deep or entity-laden."""
    members = _members(data)
    if members is None:
        if not data.lstrip().startswith(b"<"):
            return None
        return rng.choice(_XML_DAMAGE)(rng, data)
    names = [n for n in _xml_names(members) if members[n].lstrip().startswith(b"<")]
    if not names:
        return None
    name = rng.choice(names)
    damaged = rng.choice(_XML_DAMAGE)(rng, members[name])
    if damaged is None:
        return None
    members[name] = damaged
    return _pack(members)


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate,
    "flip_bits": flip_bits,
    "splice": splice,
    "huge_field": huge_field,
    "huge_number": huge_number,
    "reencode": reencode,
    "line_ends": line_ends,
    "odd_characters": odd_characters,
    "repeat_line": repeat_line,
    "damage_part": damage_part,
    "drop_part": drop_part,
    "xml_bomb": xml_bomb,
}


#: Mutations that look inside a package; a package gets one of them half the time, as
#: most damage to its bytes is caught by the ZIP reader's checksums alone.
PACKAGE_MUTATIONS = ("damage_part", "drop_part", "xml_bomb")


def mutate(rng: random.Random, data: bytes) -> tuple[bytes, list[str]]:
    """``data`` with one to three mutations that apply, and their names."""
    applied: list[str] = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        for _attempt in range(5):
            packaged = data.startswith(b"PK\x03\x04") and rng.random() < 0.5
            name = rng.choice(PACKAGE_MUTATIONS if packaged else sorted(MUTATIONS))
            damaged = MUTATIONS[name](rng, data)
            if damaged is not None and damaged != data:
                data = damaged
                applied.append(name)
                break
    return data, applied
