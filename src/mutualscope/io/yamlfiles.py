"""YAML a user gives (a codebook, a report configuration), loaded within limits.

Building a YAML document recurses once per level of nesting, so a file of a few
thousand ``[`` would exhaust the stack; its events are scanned first (in C, where
libyaml is installed, as it is with PyYAML's wheels) and nesting past the limit is
refused. Aliases are built by reference, never copied, so they cost nothing here; a
reader that walks what they point to must count what it visits.
"""

from __future__ import annotations

from typing import Any

import yaml

from mutualscope.errors import InvalidInput

#: Nesting of lists and mappings: far deeper than any codebook or report needs.
MAX_DEPTH = 102


def load_yaml(text: str, *, source: str) -> Any:
    """The YAML document in ``text``; InvalidInput naming ``source`` and the line for
    anything that is not YAML or nests past :data:`MAX_DEPTH`."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        depth = 0
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else "?"
                    raise InvalidInput(
                        f"{source}: line {line}: the YAML nests more than {MAX_DEPTH} "
                        "levels deep; that is the limit."
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or "unreadable"
        raise InvalidInput(f"{source}: {where}not valid YAML: {problem}.") from None
