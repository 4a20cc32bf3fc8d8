from pathlib import Path

import pytest

from mutualscope.errors import InvalidInput, NotFound
from mutualscope.reports.reader import MarkdownText
from mutualscope.reports.template import (
    builtin_template_text,
    load_template,
    render_template,
    write_builtin_template,
)


def test_render_template_escapes_data_but_not_markdown_values() -> None:
    out = render_template(
        "t.md.j2",
        "{{ data }} / {{ md }} / {{ n }} / {{ none }}",
        {"data": "a *b* | c", "md": MarkdownText("*kept*"), "n": 12345, "none": None},
    )
    assert out == r"a \*b\* \| c / *kept* / 12,345 / "


def test_render_template_syntax_error_names_the_line() -> None:
    with pytest.raises(InvalidInput, match=r"t.md.j2, line 3: .*unknown tag 'quote'"):
        render_template("t.md.j2", "# T\n\n{% quote 'x' %}\n", {})


def test_render_template_unknown_function_names_the_line() -> None:
    with pytest.raises(InvalidInput) as caught:
        render_template("t.md.j2", "# T\n\n\n{{ quotez('x') }}\n", {"quotes": print})
    message = str(caught.value)
    assert message.startswith("t.md.j2, line 4: 'quotez' is undefined")
    assert "quotes" in message


def test_render_template_service_errors_name_the_line() -> None:
    def quotes(code: str) -> str:
        raise NotFound(f"No code {code!r} in the codebook.")

    with pytest.raises(NotFound, match=r"t.md.j2, line 2: No code 'x'"):
        render_template("t.md.j2", "# T\n{{ quotes('x') }}\n", {"quotes": quotes})


def test_load_template_builtin_and_file(tmp_path: Path) -> None:
    name, source = load_template("inquiry")
    assert name == "inquiry (built-in template)" and "## Summary {-}" in source
    path = tmp_path / "mine.md.j2"
    path.write_text("# Mine\n", encoding="utf-8")
    assert load_template(path) == (str(path), "# Mine\n")
    with pytest.raises(InvalidInput, match="not found"):
        load_template(tmp_path / "missing.md.j2")


def test_write_builtin_template_keeps_existing_files(tmp_path: Path) -> None:
    path = tmp_path / "my-report.md.j2"
    write_builtin_template("inquiry", path)
    assert path.read_text(encoding="utf-8") == builtin_template_text("inquiry")
    with pytest.raises(InvalidInput, match="already exists"):
        write_builtin_template("inquiry", path)
    write_builtin_template("inquiry", path, force=True)
    with pytest.raises(InvalidInput, match="does not exist"):
        write_builtin_template("inquiry", tmp_path / "no" / "x.j2")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-report.md.j2"]


def test_render_template_file_name_with_quotes() -> None:
    assert render_template('it\'s "mine".j2', "{{ 1 if 0 }}x", {}) == "x"


def test_words_filter_writes_small_numbers_as_words() -> None:
    from mutualscope.reports.provenance import Provenance

    six = Provenance().number(6, "cases", "SELECT 6")
    out = render_template(
        "t.md.j2", "{{ six | words }} / {{ 12 | words }} / {{ 0 | words }}", {"six": six}
    )
    assert out == "[six](#src-n1) / 12 / no"
