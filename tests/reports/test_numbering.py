from mutualscope.reports.document import Figure, Heading, Paragraph, Quote, Table
from mutualscope.reports.numbering import number_document
from mutualscope.reports.reader import read_markdown

SEED_SHAPE = """# Written evidence

Question 12.

## Summary {-}

Summary text.

## Introduction

We respond.

Our research.

## Are mutual spin-outs more innovative?

The results show.

> "a quote" (CEO of case 6)

Most cases.

## How can innovation be supported?

### Creating the space for innovation

Innovation involves experimentation.

> "quote" (CEO of case 1)

The concept of risk.

Spaces for experimentation.

### Encouraging involvement of users

Innovation can be driven.

The new situation.

| a | b |
|---|---|
| 1 | 2 |

![Map](figure:m)

## Acknowledgements {-}

Thanks.
"""


def numbers(markdown: str) -> list[tuple[str, str | None]]:
    doc = number_document(read_markdown(markdown))
    out = []
    for block in doc.blocks:
        if isinstance(block, Heading | Paragraph):
            out.append((type(block).__name__[0], block.number))
        elif isinstance(block, Quote):
            out.append(("Q", None))
        elif isinstance(block, Table | Figure):
            out.append((type(block).__name__[0], str(block.number)))
    return out


def test_numbering_follows_the_seed() -> None:
    assert numbers(SEED_SHAPE) == [
        ("H", None),  # title
        ("P", None),  # question
        ("H", None),  # Summary {-}
        ("P", None),
        ("H", "1"),
        ("P", "1.1"),
        ("P", "1.2"),
        ("H", "2"),
        ("P", "2.1"),
        ("Q", None),
        ("P", "2.2"),
        ("H", "3"),
        ("H", "3.1"),  # a subsection takes the next paragraph number
        ("P", None),  # its opening paragraph shares that number
        ("Q", None),
        ("P", "3.1.1"),
        ("P", "3.1.2"),
        ("H", "3.2"),
        ("P", None),
        ("P", "3.2.1"),
        ("T", "1"),
        ("F", "1"),
        ("H", None),  # Acknowledgements {-}
        ("P", None),
    ]


def test_numbering_paragraphs_after_an_unnumbered_section_are_not_numbered() -> None:
    assert numbers("## One\n\nA.\n\n## Two {-}\n\nB.\n\n## Three\n\nC.\n") == [
        ("H", "1"),
        ("P", "1.1"),
        ("H", None),
        ("P", None),
        ("H", "2"),
        ("P", "2.1"),
    ]


def test_numbering_is_idempotent() -> None:
    doc = read_markdown(SEED_SHAPE)
    first = [getattr(b, "number", None) for b in number_document(doc).blocks]
    second = [getattr(b, "number", None) for b in number_document(doc).blocks]
    assert first == second
