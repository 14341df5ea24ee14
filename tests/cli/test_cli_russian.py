"""The command line speaks Russian throughout: every command's help, and click's own messages
(usage lines, headings, usage errors), with no English text of click's left."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest

from docgen import cli_messages
from docgen.cli import main
from tests.conftest import EXAMPLES, run_cli

# click's English as it shows in help pages and usage errors
ENGLISH = (
    "Usage:",
    "Options:",
    "Commands:",
    "Arguments:",
    "Show this message",
    "Show the version",
    "[OPTIONS]",
    "COMMAND [ARGS]",
    "[default:",
    "Error:",
    "Try '",
    "for help",
    "Missing",
    "No such",
    "Invalid value",
    "is not",
    "does not exist",
    "Got unexpected",
    "requires an argument",
    "Did you mean",
    "TEXT",
    "PATH",
    "FILE",
    "DIRECTORY",
    "INTEGER",
    "BOOLEAN",
    "RANGE",
    "x>=",
    "required",
)
# Latin words a Russian help may hold: formats, programs, option values the user types, the
# inflect command's kinds and cases, the examples' school keys.
LATIN_ALLOWED = {
    "docgen", "DOCX", "PDF", "XLSX", "YAML", "JSON", "XLS", "LibreOffice", "Excel", "Word",
    "Jinja", "QR", "zip", "TAB", "stdin", "stderr", "person", "surname", "name", "patronymic",
    "position", "org", "place", "nomn", "gent", "datv", "accs", "ablt", "loct", "district",
    "order", "sosh1", "sosh2", "gimn", "number", "document", "txt", "docx", "xlsx", "yaml",
    "yml", "json", "pdf", "output", "KIND", "GENDER", "SQLite", "ics", "auto",
    "data",  # the default folder of docgen serve, docgen-data
    "Ctrl",  # Ctrl+C, which stops bulk --watch
    # the commands' own names
    "bulk", "check", "import", "inflect", "new", "workbook", "render", "report",
}  # fmt: skip


def _commands() -> list[list[str]]:
    """Every command, the subcommands of a group (``journal list``) too."""
    found: list[list[str]] = [[]]
    for name, command in sorted(main.commands.items()):
        found.append([name])
        if isinstance(command, click.Group):
            found += [[name, sub] for sub in sorted(command.commands)]
    return found


def _names(group: click.Group) -> set[str]:
    names = set()
    for name, command in group.commands.items():
        names |= set(re.findall(r"[A-Za-z]{2,}", name))
        if isinstance(command, click.Group):
            names |= _names(command)
    return names


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c) or "docgen")
def test_help_is_russian(command: list[str]) -> None:
    code, out, stderr = run_cli(*command, "--help")
    assert code == 0, stderr
    for english in ENGLISH:
        assert english not in out, f"{english!r} in docgen {' '.join(command)} --help:\n{out}"
    assert "Запуск:" in out and "Параметры:" in out
    assert "Показать эту справку и выйти." in out
    words = set()
    for line in out.splitlines():
        stripped = line.strip()
        if stripped.startswith(("docgen ", "Запуск:")):  # an example, the usage line
            continue
        line = re.sub(r"(?<!\w)--?[\w-]+(/--?[\w-]+)?", " ", line)  # option names
        line = re.sub(r"\S+[/.]\S+", " ", line)  # paths and file names
        words.update(re.findall(r"[A-Za-z]{2,}", line))
    assert not words - LATIN_ALLOWED - _names(main), (
        f"English in docgen {' '.join(command)} --help: {words}"
    )


def test_every_parameter_has_a_russian_help() -> None:
    for name, command in main.commands.items():
        assert command.help and re.search("[а-яА-Я]", command.help), name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help and re.search("[а-яА-Я]", param.help), (name, param.name)


@pytest.mark.parametrize(
    ("args", "russian"),
    [
        (["nope"], "ошибка: Нет такой команды «nope»."),
        (["rendr"], "Может быть, имелось в виду 'render'?"),
        (["render"], "ошибка: Не указан аргумент 'ДАННЫЕ...'."),
        (["bulk", "a.xlsx", "--jobs", "x"], "«x» — не число."),
        (["bulk", "a.xlsx", "--jobs", "-1"], "нужно число 0 или больше"),
        (["bulk", "a.xlsx", "--nope"], "ошибка: Нет такого параметра «--nope»."),
        (["bulk", "a.xlsx", "b.xlsx"], "Лишний аргумент (b.xlsx)"),
        (["bulk", "a.xlsx", "-o"], "Параметру «-o» нужно значение."),
        (["new-workbook", "a.xlsx", "--kind", "plan"], "«plan» — не одно из: 'district', 'order'."),
        (["inflect", "x", "-c", "дт", "-e", "none.yaml"], "Файл «none.yaml» не существует."),
        (["inflect", "x"], "ошибка: укажите --case ПАДЕЖ или --all"),
    ],
)
def test_usage_errors_are_russian(args: list[str], russian: str) -> None:
    code, out, stderr = run_cli(*args)
    assert code == 2, (out, stderr)
    assert russian in stderr, stderr
    assert stderr.startswith(("Запуск: ", "ошибка: ")), stderr
    for english in ENGLISH:
        assert english not in stderr, stderr


def test_version_is_russian() -> None:
    code, out, _ = run_cli("--version")
    assert code == 0 and out.startswith("docgen, версия ")


def _click_texts() -> set[str]:
    """Every literal text click's sources mark for translation (``_`` and ``ngettext``)."""
    found: set[str] = set()
    for source in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "ngettext")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_every_text_click_marks_is_translated() -> None:
    """A click upgrade that adds a message fails here until the catalogue has it."""
    texts = _click_texts()
    assert len(texts) > 50  # the scan found click's texts, not nothing
    known = set(cli_messages.MESSAGES) | set(cli_messages.PLURALS) | cli_messages.DEVELOPER_ONLY
    assert sorted(texts - known) == []


@pytest.mark.parametrize(
    ("n", "form"),
    [
        (1, 0),
        (2, 1),
        (4, 1),
        (5, 2),
        (11, 2),
        (12, 2),
        (14, 2),
        (21, 0),
        (22, 1),
        (25, 2),
        (111, 2),
    ],
)
def test_plural_forms(n: int, form: int) -> None:
    assert cli_messages.plural_form(n) == form


def test_placeholders_kept() -> None:
    """A Russian text uses only the placeholders its English one is given."""
    field = re.compile(r"\{(\w+)")
    for english, russian in cli_messages.MESSAGES.items():
        assert set(field.findall(russian)) <= set(field.findall(english)), english
    for english, forms in cli_messages.PLURALS.items():
        for russian in forms:
            assert set(field.findall(russian)) <= set(field.findall(english)) | {
                "possibilities",
                "choices",
                "formats",
                "len",
                "nargs",
            }, english


def test_an_example_still_renders_with_russian_click(tmp_path: Path) -> None:
    code, out, stderr = run_cli(
        "render", str(EXAMPLES / "order_953.yaml"), "-o", str(tmp_path / "out")
    )
    assert code == 0, stderr
    assert Path(out.strip()).is_file()
