"""click's own texts in Russian: usage lines, help headings, usage errors.

click marks every text it shows with gettext (``from gettext import gettext as _`` in each of
its modules) but ships no Russian catalogue, and a ``.mo`` file would need gettext's global
domain and the user's locale, which Windows consoles rarely set. So the catalogue is a table
here, and :func:`install` points the ``_`` and ``ngettext`` names of click's modules at it:
every message click builds is looked up at the moment it is shown. Russian has three plural
forms, so plurals are keyed by the English singular and carry three forms.

``tests/cli/test_cli_russian.py`` reads click's sources for every text it marks and fails when
one that a user can see has no translation here, so a click upgrade cannot bring English back
unnoticed.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

# English text as click marks it → Russian. Placeholders keep their names; a Russian text may
# drop click's !r and put «» itself.
MESSAGES: dict[str, str] = {
    # help pages
    "Usage:": "Запуск:",
    "Options": "Параметры",
    "Commands": "Команды",
    "Positional arguments": "Аргументы",
    "Show this message and exit.": "Показать эту справку и выйти.",
    "Show the version and exit.": "Показать версию и выйти.",
    "%(prog)s, version %(version)s": "%(prog)s, версия %(version)s",
    "default: {default}": "по умолчанию: {default}",
    "required": "обязательно",  # click passes it through _ as a variable, not a literal
    "env var: {var}": "переменная окружения: {var}",
    "(dynamic)": "(вычисляется)",
    "deprecated": "устарело",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "предупреждение: команда «{name}» устарела.{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "предупреждение: параметр «{name}» устарел.{extra_message}"
    ),
    "Do you want to continue?": "Продолжить?",
    "Confirm the action without prompting.": "Подтвердить действие без вопроса.",
    # usage errors
    "Error: {message}": "ошибка: {message}",
    "Try '{command} {option}' for help.": "Справка: {command} {option}",
    "Missing command.": "Не указана команда.",
    "No such command {name!r}.": "Нет такой команды «{name}».",
    "No such option {name!r}.": "Нет такого параметра «{name}».",
    "Missing argument": "Не указан аргумент",
    "Missing option": "Не указан параметр",
    "Missing parameter": "Не указан параметр",
    "Missing {param_type}": "Не указан {param_type}",
    "Missing parameter: {param_name}": "Не указан параметр: {param_name}",
    "Invalid value for {param_hint}: {message}": "Неверное значение {param_hint}: {message}",
    "Invalid value: {message}": "Неверное значение: {message}",
    "Could not open file {filename!r}: {message}": (
        "Не удалось открыть файл «{filename}»: {message}"
    ),
    "unknown error": "неизвестная ошибка",
    "Aborted!": "Прервано.",
    "Value must be an iterable.": "Нужен список значений.",
    "Option {name!r} does not take a value.": "Параметр «{name}» не принимает значения.",
    "Argument {name!r} takes {nargs} values.": "Аргумент «{name}» принимает значений: {nargs}.",
    "Invalid start character for option ({option})": (
        "Неверный первый символ параметра ({option})"
    ),
    # values of parameters
    "file": "файл",
    "directory": "папка",
    "path": "путь",
    "{name} {filename!r} does not exist.": "{name} «{filename}» не существует.",
    "{name} {filename!r} is a file.": "{name} «{filename}» — это файл.",
    "{name} {filename!r} is a directory.": "{name} «{filename}» — это папка, а нужен файл.",
    "{name} {filename!r} is not readable.": "{name} «{filename}»: нет прав на чтение.",
    "{name} {filename!r} is not writable.": "{name} «{filename}»: нет прав на запись.",
    "{name} {filename!r} is not executable.": "{name} «{filename}»: нет прав на запуск.",
    "Choose from:\n\t{choices}": "Выберите из:\n\t{choices}",
    "Choice({choices})": "Выбор({choices})",
    "{value} is not in the range {range}.": "{value} вне допустимого диапазона {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "«{value}» — не да/нет. Допустимые значения: {states}"
    ),
    "{value!r} is not a valid {number_type}.": "«{value}» — не число.",
    "{value!r} is not a valid UUID.": "«{value}» — не UUID.",
    # prompts and terminal
    "Press any key to continue...": "Нажмите любую клавишу…",
    "Repeat for confirmation": "Повторите для подтверждения",
    "Error: The two entered values do not match.": "ошибка: введённые значения не совпадают.",
    "Error: invalid input": "ошибка: неверный ввод",
    "{editor}: Editing failed": "{editor}: не удалось отредактировать",
    "{editor}: Editing failed: {e}": "{editor}: не удалось отредактировать: {e}",
    "Windows error: {error}": "ошибка Windows: {error}",
    "Unknown color {colour!r}": "Неизвестный цвет «{colour}»",
    "Unknown standard stream '{name}'": "Неизвестный стандартный поток «{name}»",
    "Couldn't detect Bash version, shell completion is not supported.": (
        "Не удалось определить версию Bash: автодополнение не поддерживается."
    ),
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "Автодополнение не поддерживается в Bash старше 4.4."
    ),
}

# English singular → Russian forms for 1, 2-4 and 5 (21 like 1, 22 like 2, 11-14 like 5).
PLURALS: dict[str, tuple[str, str, str]] = {
    "Got unexpected extra argument ({args})": (
        "Лишний аргумент ({args})",
        "Лишние аргументы ({args})",
        "Лишние аргументы ({args})",
    ),
    "Takes {nargs} values but 1 was given.": (
        "Нужно значений: {nargs}, дано {len}.",
        "Нужно значений: {nargs}, дано {len}.",
        "Нужно значений: {nargs}, дано {len}.",
    ),
    "Did you mean {possibility}?": (
        "Может быть, имелось в виду {possibility}?",
        "(Может быть, имелось в виду одно из: {possibilities}?)",
        "(Может быть, имелось в виду одно из: {possibilities}?)",
    ),
    "Option {name!r} requires an argument.": (
        "Параметру «{name}» нужно значение.",
        "Параметру «{name}» нужно {nargs} значения.",
        "Параметру «{name}» нужно {nargs} значений.",
    ),
    "{value!r} is not {choice}.": (
        "«{value}» — не {choice}.",
        "«{value}» — не одно из: {choices}.",
        "«{value}» — не одно из: {choices}.",
    ),
    "{value!r} does not match the format {format}.": (
        "«{value}» не в формате {format}.",
        "«{value}» не подходит ни к одному формату: {formats}.",
        "«{value}» не подходит ни к одному формату: {formats}.",
    ),
    "{len_type} values are required, but {len_value} was given.": (
        "Нужно значений: {len_type}, дано {len_value}.",
        "Нужно значений: {len_type}, дано {len_value}.",
        "Нужно значений: {len_type}, дано {len_value}.",
    ),
}

# Texts click raises only for a programming mistake in a command's declaration, never for
# anything a user types: left in English, for the developer who made it.
DEVELOPER_ONLY = frozenset(
    {
        "Could not determine name for option with declarations {decls!r}",
        "No options defined but a name was passed ({name}). Did you mean to declare an"
        " argument instead? Did you mean to pass '--{name}'?",
        "Arguments take exactly one parameter declaration, got {length}: {decls}.",
        "Name '{name}' defined twice",
        "Boolean option {decl!r} cannot use the same flag for true/false.",
        "d",
    }
)

CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
    "click.shell_completion",
    "click._termui_impl",
)


def gettext(message: str) -> str:
    """The Russian text of one of click's messages; an unknown one as it is."""
    return MESSAGES.get(message, message)


def plural_form(n: int) -> int:
    """0 for 1, 21, 31…; 1 for 2-4, 22-24…; 2 for 0, 5-20, 25-30…"""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


def ngettext(singular: str, plural: str, n: int) -> str:
    """The Russian form of a counted message for n; an unknown one in English, as click has it."""
    forms = PLURALS.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[plural_form(n)]


def install() -> None:
    """Point click's ``_`` and ``ngettext`` at the tables above (idempotent).

    Done at import of docgen.cli, before any parameter is made: click's Path type takes its
    name («файл», «папка») when it is constructed."""
    names = CLICK_MODULES + (("click._winconsole",) if sys.platform == "win32" else ())
    for name in names:
        try:
            module: ModuleType = importlib.import_module(name)
        except ImportError:  # pragma: no cover - a module another click version lacks
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
