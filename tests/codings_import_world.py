"""The project the codings-import fixtures were made against: three fictional documents
with the quirks stored text has (tabs from PDF text, a word hyphenated at a line end,
straight quotes, an en dash, an emoji), and the seed codebook.

``tests/fixtures/codings/make_fixtures.py`` writes each tool's export of codings on
these documents, with the quirks that tool's files have.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from mutualscope.services.codebook_exchange import load_preset
from tests.factories import make_document

CEO = (
    "Interviewer:\tHow did the new service start?\n"
    "CEO:\tWe didn't ask permission. We used the surplus to pay for the pilot, and the organi-\n"
    'sation\'s "social value" grew.\n'
    "Interviewer:\tAnd the commissioners?\n"
    "CEO:\tThe commissioners funded the evaluation \u2013 it helped a lot. We used the surplus "
    "again in 2013 \U0001f600.\n"
)
NURSE = (
    "Interviewer: What changed for you?\n"
    "Nurse: As shareholders we have a say, and the staff council meets monthly.\n"
    "\n"
    "Nurse: It's \"our\" organisation now \u2014 nobody else's.\n"
)
COMMISSIONER = "Commissioner: Austerity means savings come first; tenders favour big providers.\n"

DOCUMENTS = {
    "case3-ceo.txt": CEO,
    "nurse-interview.docx": NURSE,
    "commissioner.txt": COMMISSIONER,
}


def build_import_world(session: Session) -> None:
    """The seed codebook and the three documents."""
    load_preset(session, "seed")
    for name, text in DOCUMENTS.items():
        make_document(session, text=text, name=name)
