"""Report templates: Markdown with Jinja2 blocks that call the report functions.

Every ``{{ value }}`` is printed as Markdown: values that know their Markdown form (a
sourced number, a table, researchers' text) give it, and any other text is escaped so a
``*`` or ``|`` in a quote never turns into markup. Errors name the template and line.
"""

from __future__ import annotations

import traceback
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from mutualscope.domain.choices import REPORT_TEMPLATES
from mutualscope.domain.narrative import number_word
from mutualscope.errors import InvalidInput, MutualscopeError
from mutualscope.reports.provenance import Sourced, format_number
from mutualscope.reports.reader import escape_markdown

BUILTIN_TEMPLATES = {name: f"{name}.md.j2" for name in REPORT_TEMPLATES}


def builtin_template_text(name: str) -> str:
    return (
        resources.files("mutualscope.reports")
        .joinpath(f"templates/{BUILTIN_TEMPLATES[name]}")
        .read_text(encoding="utf-8")
    )


def load_template(template: str | Path) -> tuple[str, str]:
    """(name used in messages, source) of a built-in template name or a template file."""
    if isinstance(template, str) and template in BUILTIN_TEMPLATES:
        return f"{template} (built-in template)", builtin_template_text(template)
    path = Path(template)
    try:
        return str(path), path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        choices = ", ".join(BUILTIN_TEMPLATES)
        raise InvalidInput(
            f"Template {template} not found: give a template file or a built-in name ({choices})."
        ) from error
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"Cannot read the template {path}: {error}.") from error


def _finalize(value: Any) -> str:
    if value is None:
        return ""
    markdown = getattr(value, "__markdown__", None)
    if callable(markdown):
        return str(markdown())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return escape_markdown(str(value))


def in_words(value: Any) -> Any:
    """The ``words`` filter: small whole numbers as words ("six case studies"), as
    evidence writes them; 10 and more stay digits. A sourced number keeps its source."""
    number = value.value if isinstance(value, Sourced) else value
    if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number < 10:
        return value
    text = number_word(number)
    if isinstance(value, Sourced):
        return Sourced(value=number, text=text, source_id=value.source_id)
    return text


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["words"] = in_words
    return env


def _template_line(error: BaseException, name: str) -> int | None:
    """The template line a runtime error happened on (Jinja maps frames to it)."""
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == name:
            line = frame.lineno
    return line


def render_template(name: str, source: str, variables: dict[str, Any]) -> str:
    """Render a template to Markdown; InvalidInput names the template line at fault."""
    env = make_environment()
    # Jinja writes the name into generated code inside a string literal; a quote in a
    # file name would break it.
    name = name.replace("'", "\u2019").replace('"', "\u201d")
    env.loader = jinja2.FunctionLoader(lambda _: (source, name, lambda: True))
    try:
        template = env.get_template(name)
    except jinja2.TemplateSyntaxError as error:
        raise InvalidInput(f"{name}, line {error.lineno}: {error.message}.") from error
    try:
        return template.render(variables)
    except jinja2.UndefinedError as error:
        line = _template_line(error, name)
        known = ", ".join(sorted(k for k in variables if not k.startswith("_")))
        raise InvalidInput(
            f"{name}, line {line}: {error.message}. The report functions and values a "
            f"template can use are: {known}."
        ) from error
    except MutualscopeError as error:
        line = _template_line(error, name)
        raise type(error)(f"{name}, line {line}: {error}") from error
    except (TypeError, ValueError, AttributeError) as error:
        line = _template_line(error, name)
        raise InvalidInput(f"{name}, line {line}: {error}.") from error


def write_builtin_template(name: str, path: Path, *, force: bool = False) -> None:
    """Write a built-in template out for editing; an existing file is kept unless ``force``."""
    if name not in BUILTIN_TEMPLATES:
        raise InvalidInput(
            f"No built-in template {name!r}; expected one of {', '.join(BUILTIN_TEMPLATES)}."
        )
    if path.exists() and not force:
        raise InvalidInput(f"{path} already exists; give --force to replace it.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(f"Cannot write {path}: the folder {folder} does not exist.")
    temporary = folder / f".{path.name}.part"
    try:
        temporary.write_text(builtin_template_text(name), encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InvalidInput(f"Cannot write {path}: {error.strerror}.") from error
