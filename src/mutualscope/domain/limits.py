"""The limits every imported file and value is held to: one set, whatever the backend.

PostgreSQL refuses a text longer than its column or a number larger than its type, where
SQLite stores either; a file can also be small on disk and huge once read. Each limit
here is checked before anything is written, so both backends accept and refuse the
same files, and every refusal names the limit it met (docs/reliability.md lists them).
The database columns are declared from the same numbers.
"""

from __future__ import annotations

# -- Registry values: one organisation's fields (the organisation table's columns).
NAME_CHARS = 300
PARENT_BODY_CHARS = 300
STATUS_CHARS = 100
WEBSITE_CHARS = 500
IDENTIFIER_CHARS = 20  # Companies House, charity, society numbers and ODS codes
POSTCODE_CHARS = 10
#: More staff than any employer has; well inside a 32-bit integer column.
MAX_EMPLOYEES = 10_000_000
#: A trillion pounds, far above any organisation's turnover; inside a 64-bit column.
MAX_TURNOVER_GBP = 1_000_000_000_000

# -- Vocabulary terms (services, sectors ... a project adds).
TERM_KEY_CHARS = 100
TERM_LABEL_CHARS = 200

# -- Spreadsheets (registry CSV/XLSX, turn tables).
TABLE_BYTES = 100 * 1024 * 1024
#: Rows below the header, and their non-blank cells: a registry this size is read,
#: checked and written in well under a minute and a gigabyte.
TABLE_ROWS = 100_000
TABLE_CELLS = 1_500_000
#: Excel's own limits: 16,384 columns, 32,767 characters in a cell.
TABLE_COLUMNS = 16_384
CELL_CHARS = 32_767
#: One line of a CSV file (a row of many long cells fits many times over).
LINE_CHARS = 1024 * 1024

# -- Transcripts.
TRANSCRIPT_BYTES = 100 * 1024 * 1024
#: The text a transcript may hold once read: about 1.5 million words.
TRANSCRIPT_CHARS = 10_000_000
#: Paragraphs (.docx, .odt), blocks (.html), rows (.csv, .xlsx) or cues (.vtt, .srt).
TRANSCRIPT_PARAGRAPHS = 100_000
TRANSCRIPT_PAGES = 5_000  # .pdf
SPEAKER_CHARS = 200  # a speaker label (the segment table's column)

# -- Packaged files (.docx, .odt, .xlsx are ZIP archives of XML parts).
ARCHIVE_MEMBERS = 10_000
#: Everything in the archive once unpacked (pictures included: readers load them).
ARCHIVE_UNPACKED_BYTES = 512 * 1024 * 1024
#: The XML parts a reader builds in memory, together, once unpacked (a document's text,
#: its styles, a workbook's shared strings) ...
XML_BYTES = 64 * 1024 * 1024
#: ... and their elements, together.
XML_ELEMENTS = 2_000_000
XML_DEPTH = 256
#: One worksheet once unpacked: read row by row, so it may be larger.
SHEET_BYTES = 256 * 1024 * 1024

# -- Codebooks (.csv, .yaml).
CODEBOOK_BYTES = 10 * 1024 * 1024
CODEBOOK_CODES = 20_000
CODEBOOK_DEPTH = 50

# -- Report configurations (.yaml): a few kilobytes of prose and settings.
REPORT_CONFIG_BYTES = 1024 * 1024

#: Problems listed one by one in a refusal; the rest are counted.
LISTED_PROBLEMS = 1_000


def listed(problems: list[str]) -> list[str]:
    """The first :data:`LISTED_PROBLEMS` problems, and how many more there are."""
    if len(problems) <= LISTED_PROBLEMS:
        return problems
    more = len(problems) - LISTED_PROBLEMS
    return [*problems[:LISTED_PROBLEMS], f"... and {more:,} more problems"]


def describe_bytes(size: int) -> str:
    """A size as people read it, to a tenth: '100 MB', '100.4 MB', '1.6 KB', '37 bytes'."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:,.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


# -- Recordings (audio an interview is transcribed from, or linked to).
#: The file: a three-hour interview as 16-bit stereo WAV at 44.1 kHz is about 1.9 GB.
RECORDING_BYTES = 2_000_000_000
#: Its length: decoded for speech-to-text it takes 230 MB an hour (16 kHz, 32-bit float).
RECORDING_SECONDS = 3 * 60 * 60
