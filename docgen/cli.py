"""Command line: maps flags onto the library and turns DocgenError into a message and exit code."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from docgen import cli_messages
from docgen.errors import DocgenError, Location

cli_messages.install()  # before any parameter is made: click names its types in Russian then

F = TypeVar("F", bound=Callable[..., Any])


class _Command(click.Command):
    """A command whose usage line reads «[ПАРАМЕТРЫ]», not click's «[OPTIONS]»."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[ПАРАМЕТРЫ]")
        super().__init__(*args, **kwargs)


class _Group(click.Group):
    """The docgen group: its commands (also those registered later) speak Russian in usage."""

    command_class = _Command
    group_class = type  # a subgroup (``journal``) is a _Group too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[ПАРАМЕТРЫ]")
        kwargs.setdefault("subcommand_metavar", "КОМАНДА [АРГУМЕНТЫ]...")
        super().__init__(*args, **kwargs)


def _reports_errors(func: F) -> F:
    """Only here do errors become messages: one line, exit code 1, no traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return func(*args, **kwargs)
        except DocgenError as exc:
            if debug:
                raise
            for line in str(exc).splitlines():
                click.echo(f"ошибка: {line}", err=True)
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("прервано", err=True)
            sys.exit(130)
        except BrokenPipeError:  # the reader went away («docgen … | head»): nothing is wrong
            _output_closed()
            sys.exit(141)  # as a program killed by the closed pipe ends (128 + SIGPIPE)
        except Exception as exc:  # the user still gets one line, not a traceback
            if debug:
                raise
            click.echo(
                f"внутренняя ошибка docgen: {type(exc).__name__}: {exc} "
                "(запустите с --debug, чтобы увидеть подробности)",
                err=True,
            )
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _output_closed() -> None:
    """What is left in the output's buffer goes nowhere, so that writing it at the end does not
    fail a second time."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real descriptor (a test's stream)
        pass


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="docgen", prog_name="docgen")
@click.option(
    "--debug", is_flag=True, help="Показывать трассировку ошибок (для сообщений разработчикам)."
)
def main(debug: bool) -> None:
    """docgen: официальные документы из шаблонов DOCX и данных, с русской грамматикой.

    Приказы и распоряжения, дорожные карты и планы, аналитические справки и документы всех
    школ района. Справка по команде: docgen КОМАНДА --help.
    """
    # a command is a short process that keeps nearly all it makes (modules, the dictionary,
    # the templates): with Python's default threshold the collector ran some 450 times in a
    # district run and 170 times while importing, for little to free
    gc.set_threshold(10_000, 20, 20)


_CASES_HELP = "падеж: им/рд/дт/вн/тв/пр, nomn/gent/datv/accs/ablt/loct или полное название"


def _lines(file: str) -> Iterator[tuple[int, str]]:
    stream = sys.stdin if file == "-" else None
    if stream is None:
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise DocgenError(
                f"не удалось прочитать файл: {exc.strerror}", Location(file=file)
            ) from exc
        lines = text.splitlines()
    else:
        lines = stream.read().splitlines()
    for number, line in enumerate(lines, start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


@main.command()
@click.argument("text", metavar="[ТЕКСТ]", required=False)
@click.option("-c", "--case", "case", default=None, metavar="ПАДЕЖ", help=_CASES_HELP)
@click.option("--all", "all_cases", is_flag=True, help="Все шесть падежей.")
@click.option(
    "-k",
    "--kind",
    default=None,
    metavar="ВИД",
    help="фио (person), фамилия, имя, отчество, должность (position), организация (org), "
    "место (place); по умолчанию угадать.",
)
@click.option("-g", "--gender", default=None, metavar="ПОЛ", help="м/ж (m/f).")
@click.option(
    "--explain",
    is_flag=True,
    help="Сказать (в stderr), какой вид угадан для фразы без --kind.",
)
@click.option(
    "-f",
    "--file",
    "file",
    default=None,
    metavar="ФАЙЛ",
    help="Фразы из файла («-» — стандартный ввод): по одной в строке, можно ТЕКСТ<TAB>ВИД<TAB>ПОЛ.",
)
@click.option(
    "-e",
    "--exceptions",
    "exceptions",
    multiple=True,
    metavar="ФАЙЛ",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML-файл форм, которые заменяют грамматику (можно несколько).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="ФАЙЛ",
    help="Записать результат в этот файл, а не на экран.",
)
@_reports_errors
def inflect(
    text: str | None,
    case: str | None,
    all_cases: bool,
    kind: str | None,
    gender: str | None,
    explain: bool,
    file: str | None,
    exceptions: tuple[Path, ...],
    output: Path | None,
) -> None:
    """Поставить ТЕКСТ (ФИО, должность, организацию или место) в падеж.

    Без --kind вид угадывается (--all и --explain говорят, какой); фразу, у которой не
    найдено главное слово, docgen не склоняет вовсе, а не склоняет наполовину.

    \b
    docgen inflect "Ушакова И.Г." --case дт
    docgen inflect "заместитель начальника управления образования" --all
    docgen inflect --file phrases.txt --case рд
    """
    from docgen.grammar import Inflector
    from docgen.grammar.cases import CASE_LABELS, CASES
    from docgen.grammar.inflector import guess_kind
    from docgen.office.files import atomic_write_text

    if (text is None) == (file is None):
        raise click.UsageError("укажите либо ТЕКСТ, либо --file (но не оба)")
    if not all_cases and case is None:
        raise click.UsageError("укажите --case ПАДЕЖ или --all")
    inflector = Inflector.with_exceptions(exceptions)
    if text == "-":
        text, file = None, "-"  # TEXT "-" is the same as --file -
    entries: list[tuple[Location, str, str | None, str | None]]
    if file is None:
        assert text is not None
        entries = [(Location(), text, kind, gender)]
    else:
        source = "stdin" if file == "-" else file
        entries = [
            (Location(file=source, row=n), *_split(line, kind, gender)) for n, line in _lines(file)
        ]

    out: list[str] = []
    failed = 0
    for where, phrase, kind_, gender_ in entries:
        try:
            guessed = None
            if not kind_ and (explain or (all_cases and len(entries) == 1)):
                guessed = _KIND_LABELS[guess_kind(phrase)]
                if explain:
                    click.echo(f"«{phrase}»: {guessed}", err=True)
            if all_cases:
                forms = [inflector.inflect(phrase, c, kind=kind_, gender=gender_) for c in CASES]
                lines = [f"{CASE_LABELS[c]}: {f}" for c, f in zip(CASES, forms, strict=True)]
                if guessed:
                    lines.insert(0, f"вид: {guessed}")
                out.append("\t".join(forms) if len(entries) > 1 else "\n".join(lines))
            else:
                assert case is not None
                out.append(inflector.inflect(phrase, case, kind=kind_, gender=gender_))
        except DocgenError as exc:
            if len(entries) == 1:
                raise exc.at(file=where.file, row=where.row) from None
            failed += 1
            click.echo(f"ошибка: {exc.at(file=where.file, row=where.row)}", err=True)
            out.append("")
    result = "\n".join(out) + "\n"
    if output is not None:
        atomic_write_text(output, result)
        click.echo(str(output))
    else:
        click.echo(result, nl=False)
    if failed:
        sys.exit(1)


# How --all and --explain name a guessed kind.
_KIND_LABELS = {
    "person": "лицо (person), угадано; если не так, укажите --kind",
    "position": "должность (position), угадано; если не так, укажите --kind",
    "org": "организация (org), угадано; если не так, укажите --kind",
    "place": "место (place), угадано; если не так, укажите --kind",
}


def _split(line: str, kind: str | None, gender: str | None) -> tuple[str, str | None, str | None]:
    """A line is TEXT, or TEXT<TAB>KIND<TAB>GENDER; columns override the command-line flags."""
    cells = [c.strip() for c in line.split("\t")]
    text = cells[0]
    line_kind = cells[1] if len(cells) > 1 and cells[1] else kind
    line_gender = cells[2] if len(cells) > 2 and cells[2] else gender
    return text, line_kind, line_gender


_DATA = click.argument("data", metavar="ДАННЫЕ", type=click.Path(dir_okay=False, path_type=Path))
_TEMPLATE = click.option(
    "-t",
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="ШАБЛОН.docx",
    help="Свой шаблон DOCX (по умолчанию — встроенный для вида документа).",
)


def _output_dir(help: str) -> Callable[[F], F]:
    """The -o/--output-dir option every writing command has; only its help differs."""
    return click.option(
        "-o",
        "--output-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("output"),
        show_default=True,
        metavar="ПАПКА",
        help=help,
    )


_EXCEPTIONS = click.option(
    "-e",
    "--exceptions",
    "exceptions",
    multiple=True,
    metavar="ФАЙЛ",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML-файл форм, которые заменяют грамматику (можно несколько).",
)
_SET = click.option(
    "-s",
    "--set",
    "overrides",
    multiple=True,
    metavar="КЛЮЧ.ПУТЬ=ЗНАЧЕНИЕ",
    help="Заменить значение данных, например --set document.number=12 (можно несколько; "
    "сильнее файла и файлов, которые он расширяет).",
)


_DICTIONARY = click.option(
    "-d",
    "--dictionary",
    "dictionaries",
    multiple=True,
    metavar="СЛОВА.txt",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Свои слова для проверки орфографии (фамилии, сокращения): текстовый файл, "
    "по слову в строке (можно несколько).",
)


_JOURNAL = click.option(
    "--journal",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Журнал регистрации (SQLite) для номера «авто»; по умолчанию — журнал.sqlite рядом "
    "с файлом данных.",
)


def _warn(warnings: Iterable[DocgenError], said: set[str] | None = None) -> None:
    """Warnings on stderr, each once: the same text from several documents is said once."""
    said = set() if said is None else said
    for warning in warnings:
        text = str(warning)
        if text in said:
            continue
        said.add(text)
        for line in text.splitlines():
            click.echo(f"предупреждение: {line}", err=True)


_OPEN = click.option(
    "--open",
    "open_result",
    is_flag=True,
    help="Открыть результат в программе, которая открывает такие файлы (Word, проводник).",
)


def open_with_system(path: Path) -> None:
    """Open a file or folder as a double click would: os.startfile on Windows, ``open`` on
    macOS, ``xdg-open`` elsewhere. Not finding a viewer is a warning: the file is written."""
    import os
    import subprocess

    try:
        if sys.platform == "win32":
            os.startfile(path)  # type: ignore[attr-defined]  # only Windows has it
        else:
            opener = "open" if sys.platform == "darwin" else "xdg-open"
            subprocess.Popen(
                [opener, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
    except OSError as exc:
        click.echo(
            f"предупреждение: {path}: не удалось открыть ({exc.strerror or exc}); "
            "откройте файл сами",
            err=True,
        )


def _expect(path: Path, *kinds: str, checking: bool = False) -> None:
    """A workbook of another kind than the command reads is named, with its command."""
    from docgen.district import kinds as known

    known.expect(path, *(getattr(known, kind) for kind in kinds), checking=checking)


@main.command()
@click.argument(
    "data",
    nargs=-1,
    required=True,
    metavar="ДАННЫЕ...",
    type=click.Path(dir_okay=False, path_type=Path),
)
@_TEMPLATE
@_output_dir("Папка для готовых документов.")
@click.option("--pdf", is_flag=True, help="Сделать и PDF (через LibreOffice).")
@click.option(
    "--qr/--no-qr",
    default=None,
    help="Добавить реквизит с QR-кодом или нет (по умолчанию — как сказано в данных).",
)
@_EXCEPTIONS
@_SET
@_DICTIONARY
@click.option(
    "--strict",
    is_flag=True,
    help="Предупреждения считать ошибками: документ с ними не записывается.",
)
@_JOURNAL
@_OPEN
@_reports_errors
def render(
    data: tuple[Path, ...],
    template: Path | None,
    output_dir: Path,
    pdf: bool,
    qr: bool | None,
    exceptions: tuple[Path, ...],
    overrides: tuple[str, ...],
    dictionaries: tuple[Path, ...],
    strict: bool,
    journal: Path | None,
    open_result: bool,
) -> None:
    """Сделать DOCX из файлов ДАННЫЕ (YAML, JSON или XLSX: приказ или план); вывести пути.

    \b
    docgen render data/examples/order_953.yaml
    docgen render data/examples/*.yaml
    docgen render order.xlsx --template my_prikaz.docx -o out --pdf
    docgen render school.yaml --set document.number=12 --open
    """
    from docgen.options import Options
    from docgen.rendering import render as render_file

    options = Options(
        template=template,
        output_dir=output_dir,
        pdf=pdf,
        qr=qr,
        exceptions=exceptions,
        overrides=overrides,
        dictionaries=dictionaries,
        strict=strict,
        journal=journal,
    )
    failed = 0
    said: set[str] = set()
    made: list[Path] = []
    for path in data:
        try:
            _expect(path, "ORDER", "PLAN")
            result = render_file(path, options)
        except DocgenError as exc:
            if len(data) == 1:
                raise
            failed += 1
            for line in str(exc).splitlines():
                click.echo(f"ошибка: {line}", err=True)
            continue
        _warn(result.warnings, said)
        click.echo(str(result.docx))
        if result.pdf is not None:
            click.echo(str(result.pdf))
        made.append(result.pdf or result.docx)
    if open_result and made:
        # one document is opened; several, their folder (not a window per document)
        open_with_system(made[0] if len(made) == 1 else output_dir)
    if failed:
        sys.exit(1)


@main.command()
@_DATA
@_TEMPLATE
@_EXCEPTIONS
@_SET
@_DICTIONARY
@click.option(
    "--strict", is_flag=True, help="Предупреждения считать ошибками: код выхода 1, если они есть."
)
@_JOURNAL
@_reports_errors
def check(
    data: Path,
    template: Path | None,
    exceptions: tuple[Path, ...],
    overrides: tuple[str, ...],
    dictionaries: tuple[Path, ...],
    strict: bool,
    journal: Path | None,
) -> None:
    """Проверить ДАННЫЕ и шаблон, ничего не записывая.

    Называет каждую ошибку данных (файл и путь ключа или лист и ячейку), ошибки Jinja в
    шаблоне (со строкой шаблона), неопределённые переменные и теги, которые Word разрезал;
    и предупреждает, как методист: сроки раньше периода плана или даты приказа, чужой
    учебный год, мероприятия без ответственного или срока, один срок, записанный по-разному,
    слова, которых нет в словаре. Книгу района проверяет docgen bulk КНИГА --check.

    \b
    docgen check data/examples/rasporyazhenie_408.yaml
    docgen check plan.xlsx --strict --dictionary my_words.txt
    """
    from docgen.options import Options
    from docgen.rendering import check as check_file

    _expect(data, "ORDER", "PLAN", checking=True)
    options = Options(
        template=template,
        exceptions=exceptions,
        overrides=overrides,
        dictionaries=dictionaries,
        journal=journal,
    )
    warnings = check_file(data, options)
    if strict and warnings:
        for warning in warnings:
            for line in str(warning).splitlines():
                click.echo(f"ошибка: {line}", err=True)
        click.echo(
            f"{data}: предупреждений: {len(warnings)} (--strict считает их ошибками)", err=True
        )
        sys.exit(1)
    _warn(warnings)
    click.echo(f"{data}: ошибок нет")


@main.command()
@click.argument("workbook", metavar="КНИГА", type=click.Path(dir_okay=False, path_type=Path))
@_output_dir("Папка для папок школ.")
@click.option(
    "-j",
    "--jobs",
    type=int,
    callback=lambda _ctx, _param, value: _not_negative(value),
    default=0,
    metavar="ЧИСЛО",
    help="Сколько процессов работает (по умолчанию — по одному на ядро).",
)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="ШКОЛА",
    help="Только эти школы, по ключу или краткому названию (можно несколько или через запятую).",
)
@click.option("--pdf", is_flag=True, help="Сделать и PDF (через LibreOffice).")
@click.option("--zip", "make_zip", is_flag=True, help="Собрать все документы в один zip.")
@click.option("--force", is_flag=True, help="Сделать все документы заново, даже неизменившиеся.")
@click.option(
    "--prune", is_flag=True, help="Удалить документы, которые больше не нужны ни одной школе."
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Только проверить книгу района: ошибки и предупреждения каждой школы, ничего не "
    "записывая.",
)
@_EXCEPTIONS
@_DICTIONARY
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d", "%d.%m.%Y"]),
    default=None,
    help="На какую дату лист «Просрочено» сводки (ДД.ММ.ГГГГ); по умолчанию — сегодня.",
)
@click.option(
    "--journal",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Журнал регистрации для номеров приказов «авто»; по умолчанию — журнал.sqlite рядом "
    "с книгой района (у каждой школы своя нумерация).",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Следить за книгой (и файлами, которые она называет): после каждого сохранения "
    "делать заново то, что изменилось. Остановить — Ctrl+C.",
)
@_OPEN
@_reports_errors
def bulk(
    workbook: Path,
    output_dir: Path,
    jobs: int,
    only: tuple[str, ...],
    pdf: bool,
    make_zip: bool,
    force: bool,
    prune: bool,
    check_only: bool,
    exceptions: tuple[Path, ...],
    dictionaries: tuple[Path, ...],
    today: Any,
    journal: Path | None,
    watch: bool,
    open_result: bool,
) -> None:
    """Сделать документы всех школ района по книге района КНИГА.

    Пишет ПАПКА/<школа>/<документ>.docx и ПАПКА/Сводка.xlsx. Повторный запуск переделывает
    только документы, у которых изменились данные, шаблон или версия docgen. Школа с ошибками
    в данных не мешает остальным: её ошибки перечислены, остальные школы сделаны, код выхода 1.
    Без книги мониторинга (или её плана) не делаются только справки, с предупреждением.

    \b
    docgen bulk data/examples/district.xlsx
    docgen bulk district.xlsx --check
    docgen bulk district.xlsx --only sosh1 --only gimn --pdf --open
    docgen bulk district.xlsx --watch
    """
    from docgen.options import BulkOptions, Options

    names = tuple(part.strip() for item in only for part in item.split(",") if part.strip())
    options = BulkOptions(
        output_dir=output_dir,
        jobs=jobs,
        force=force,
        pdf=pdf,
        render=Options(output_dir=output_dir, exceptions=exceptions, dictionaries=dictionaries),
        only=names,
        prune=prune,
        zip=make_zip,
        today=today.date() if today is not None else None,
        journal=journal,
    )
    if watch and (check_only or open_result):
        raise click.UsageError("--watch не сочетается с --check и --open")
    if check_only:
        _expect(workbook, "DISTRICT", checking=True)
        _check_district(workbook, options)
        return
    # the kind of workbook is checked by the run when it reads the workbook: a rerun with
    # nothing changed answers from the manifest without importing any reader
    from docgen.district.bulk import bulk as run_bulk

    if watch:
        _watch_district(workbook, options, output_dir, prune)
        return
    with _Progress() as progress:
        result = run_bulk(workbook, options, progress=progress.step, total=progress.start)
    _report_bulk(result, output_dir, prune)
    if open_result:
        open_with_system(result.bundle or output_dir)
    if result.interrupted:
        click.echo(
            "прервано: готовые документы сохранены, следующий запуск доделает остальное", err=True
        )
        sys.exit(130)
    if result.failed_schools:
        sys.exit(1)


def _report_bulk(result: Any, output_dir: Path, prune: bool) -> None:
    """What a district run did: warnings and errors by school, files removed or no longer
    needed, the zip, the note after an upgrade, and the summary's counts."""
    from docgen.district.jobs import Status, update_note

    said: set[str] = set()
    _warn(result.warnings, said)
    for outcome in result.outcomes:
        if outcome.status is Status.FAILED:
            where = outcome.path or outcome.school
            for problem in outcome.problems:
                for line in str(problem).splitlines():
                    click.echo(f"ошибка: {where}: {line}", err=True)
        else:
            _warn(outcome.problems, said)
    for path in result.removed:
        click.echo(f"удалён: {output_dir / path}", err=True)
    if not prune:
        for path in result.stale:
            click.echo(f"больше не нужен (удалит --prune): {output_dir / path}", err=True)
    if result.bundle is not None:
        click.echo(str(result.bundle))
    note = update_note(result)
    if note:
        click.echo(note)
    _summary(result, output_dir)


def _watch_district(workbook: Path, options: Any, output_dir: Path, prune: bool) -> None:
    """``bulk --watch``: a run now and after each save of the workbook (or of a file the run
    reads), each reported as a run is; errors in the data are said and the watch goes on;
    Ctrl+C ends it (exit code 0)."""
    from datetime import datetime

    from docgen.district.watch import watch

    cut: list[bool] = []  # a run cut short by Ctrl+C: exit 130, as a run without --watch

    def reported(result: Any, error: DocgenError | None) -> None:
        click.echo(f"— {datetime.now():%H:%M:%S}, {workbook.name}:")
        if error is not None:
            for line in str(error).splitlines():
                click.echo(f"ошибка: {line}", err=True)
        else:
            _report_bulk(result, output_dir, prune)
            if result.interrupted:
                click.echo(
                    "прервано: готовые документы сохранены, следующий запуск доделает остальное",
                    err=True,
                )
                cut.append(True)
                return
        click.echo(f"жду изменений в {workbook.name} (остановить — Ctrl+C)")

    def run(path: Path, chosen: Any) -> Any:
        from docgen.district.bulk import bulk as run_bulk

        with _Progress() as progress:
            return run_bulk(path, chosen, progress=progress.step, total=progress.start)

    try:
        watch(workbook, options, reported, run=run)
    except KeyboardInterrupt:
        click.echo("наблюдение остановлено")
    if cut:
        sys.exit(130)


def _not_negative(value: int) -> int:
    if value < 0:
        raise click.BadParameter("нужно число 0 или больше")
    return value


def _check_district(workbook: Path, options: Any) -> None:
    """``bulk --check``: every school validated as the run would, nothing written."""
    from docgen.district.workbook import check_district
    from docgen.grammar.numerals import plural_word

    checked = check_district(workbook, options)
    said: set[str] = set()
    _warn(checked.warnings, said)
    for job in checked.failed:
        for problem in job.problems:
            for line in str(problem).splitlines():
                click.echo(f"ошибка: {job.name}: {line}", err=True)
    schools = len(checked.failed) + checked.sound
    noun = plural_word(schools, "школа", "школы", "школ")
    documents = plural_word(checked.documents, "документ", "документа", "документов")
    if checked.failed:
        click.echo(
            f"{workbook}: {schools} {noun}, с ошибками: {len(checked.failed)} "
            f"({', '.join(job.name for job in checked.failed)}); ничего не записано"
        )
        sys.exit(1)
    click.echo(
        f"{workbook}: ошибок нет ({schools} {noun}, будет сделано {checked.documents} "
        f"{documents}); ничего не записано"
    )


class _Progress:
    """A progress bar on a terminal; without one (a file, a pipe, a scheduler's log) a line
    every few seconds, so a long run shows it is alive without flooding the log."""

    interval = 5.0  # seconds between two lines without a terminal

    def __init__(self) -> None:
        self.bar: Any = None
        self.task: Any = None
        self.total = 0
        self.done = 0
        self.last = 0.0

    def __enter__(self) -> _Progress:
        import time

        self.last = time.monotonic()
        if sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self.bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                transient=True,
            )
            self.bar.__enter__()
        return self

    def start(self, total: int) -> None:
        self.total = total
        if self.bar is not None:
            self.task = self.bar.add_task("документы", total=total)

    def step(self, outcome: Any) -> None:
        import time

        self.done += 1
        if self.bar is not None:
            if self.task is not None:
                self.bar.advance(self.task)
            return
        now = time.monotonic()
        if now - self.last >= self.interval and self.done < self.total:
            self.last = now
            share = 100 * self.done // max(self.total, 1)
            click.echo(f"документы: {self.done} из {self.total} ({share} %)", err=True)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _summary(result: Any, output_dir: Path) -> None:
    """The counts, then the files this run wrote: which documents are new, which changed."""
    from docgen.district.jobs import changed_files, summary_rows

    rows: list[tuple[str, Any]] = summary_rows(result)
    failed = sorted({outcome.school for outcome in result.failed_schools})
    if failed:
        rows.append(("школы с ошибками", ", ".join(failed)))
    summary = output_dir / "Сводка.xlsx"
    if summary.is_file():
        rows.append(("сводка", str(summary)))
    changed = [(status.value, str(output_dir / path)) for status, path in changed_files(result)]
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(show_header=False, box=None)
        for name, value in rows:
            table.add_row(name, str(value))
        console = Console()
        console.print(table)
        if changed:
            files = Table(show_header=False, box=None)
            for status, path in changed:
                files.add_row(status, path)
            console.print(files)
    else:
        for name, value in rows:
            click.echo(f"{name}: {value}")
        for status, path in changed:
            click.echo(f"{status}: {path}")


@main.command("new-workbook")
@click.argument("path", metavar="ФАЙЛ.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["district", "order"]),
    default="district",
    show_default=True,
    help="Какую книгу: district — книга района для bulk, order — книга приказа для render "
    "(без Jinja, с выпадающими списками).",
)
@click.option(
    "--plan",
    "plan",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="ПЛАН",
    help="Муниципальный план: его роли предлагаются в выпадающем списке листа «Люди» "
    "(для --kind district).",
)
@click.option("--force", is_flag=True, help="Перезаписать ФАЙЛ, если он уже есть.")
@_reports_errors
def new_workbook(path: Path, kind: str, plan: Path | None, force: bool) -> None:
    """Записать пустую книгу Excel для заполнения: листы, заголовки, выпадающие списки.

    \b
    docgen new-workbook district.xlsx --plan municipal_plan.yaml
    docgen new-workbook приказ.xlsx --kind order
    """
    from docgen.office.files import atomic_write_bytes

    if path.exists() and not force:
        raise DocgenError(
            "файл уже есть; чтобы перезаписать, добавьте --force", Location(file=str(path))
        )
    if path.suffix.lower() != ".xlsx":
        raise click.UsageError("книга сохраняется в .xlsx")
    if kind == "order":
        from docgen.orders.blank import new_order_bytes

        atomic_write_bytes(path, new_order_bytes())
        click.echo(str(path))
        return
    from docgen.district.blank import new_district_bytes

    roles: list[str] = []
    if plan is not None:
        from docgen.loading import load_plan
        from docgen.plans.table import roles_of

        roles = roles_of(load_plan(plan).plan)
    atomic_write_bytes(path, new_district_bytes(roles))
    click.echo(str(path))


@main.command(name="import")
@click.argument("source", metavar="ИСТОЧНИК", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    metavar="ФАЙЛ",
    help="Куда записать план: .yaml (.yml) или .xlsx.",
)
@_reports_errors
def import_plan(source: Path, output: Path) -> None:
    """Прочитать план из ИСТОЧНИКА в данные (YAML или книгу Excel).

    ИСТОЧНИК — готовый документ .docx (его таблицы, гриф и текст) или файл данных: .yaml,
    .json, книга плана .xlsx, приказ с планом в приложении. Выводит путь записанного файла и
    что найдено. Организация, если документ не называет её в шапке приказа, — заглушка, которую
    нужно заполнить.

    \b
    docgen import roadmap.docx -o plan.xlsx
    docgen import roadmap.docx -o plan.yaml
    docgen import plan.yaml -o plan.xlsx
    """
    from docgen.errors import DataError
    from docgen.office.files import atomic_write_bytes
    from docgen.plans.exporting import SUFFIXES, export_plan
    from docgen.plans.importing import read_plan, summary

    if output.suffix.lower() not in SUFFIXES:
        shown = f"«{output.suffix}»" if output.suffix else "без расширения"
        raise DataError(
            f"неизвестный формат файла {shown}: ожидается .yaml, .yml или .xlsx",
            Location(file=str(output)),
        )
    data = read_plan(source)
    atomic_write_bytes(output, export_plan(data, output.suffix))
    click.echo(str(output))
    click.echo(summary(data))


@main.command()
@click.argument("data", metavar="МОНИТОРИНГ.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@_output_dir("Папка для справки и сводной таблицы.")
@click.option(
    "--school",
    default=None,
    metavar="ШКОЛА",
    help="Справка одной школы (по ключу или краткому названию) вместо справки района.",
)
@click.option("--pdf", is_flag=True, help="Сделать и PDF (через LibreOffice).")
@_TEMPLATE
@_EXCEPTIONS
@_OPEN
@_reports_errors
def report(
    data: Path,
    output_dir: Path,
    school: str | None,
    pdf: bool,
    template: Path | None,
    exceptions: tuple[Path, ...],
    open_result: bool,
) -> None:
    """Сделать аналитическую справку (DOCX с диаграммами) и сводную таблицу Excel по книге
    мониторинга.

    \b
    docgen report data/examples/monitoring.xlsx
    docgen report monitoring.xlsx --school sosh2 --pdf --open
    """
    from docgen.options import ReportOptions
    from docgen.reports.report import report as make_report

    _expect(data, "MONITORING")
    result = make_report(
        data,
        ReportOptions(
            output_dir=output_dir, school=school, pdf=pdf, template=template, exceptions=exceptions
        ),
    )
    _warn(result.warnings)
    for path in result.paths:
        click.echo(str(path))
    if open_result:
        open_with_system(result.pdf or result.docx)


# ------------------------------------------------------------------- the registration journal

_JOURNAL_FILE = click.option(
    "--journal",
    "journal_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("журнал.sqlite"),
    show_default=True,
    help="Файл журнала регистрации.",
)
_JOURNAL_FILTERS = (
    click.option(
        "--org", "organization", default=None, metavar="ОРГАНИЗАЦИЯ", help="Только эта организация."
    ),
    click.option(
        "--kind", default=None, metavar="ВИД", help="Только этот вид: приказ или распоряжение."
    ),
    click.option("--year", type=int, default=None, metavar="ГОД", help="Только этот год."),
)


def _journal_filters(func: F) -> F:
    for option in reversed(_JOURNAL_FILTERS):
        func = option(func)
    return func


@main.group()
def journal() -> None:
    """Журнал регистрации приказов: список, выгрузка в Excel, аннулирование, отметка.

    Номер «авто» (или auto) в приказе берёт следующий номер из журнала при
    docgen render; повторный render того же файла сохраняет номер.
    """


@journal.command("list")
@_JOURNAL_FILE
@_journal_filters
@_reports_errors
def journal_list(
    journal_file: Path, organization: str | None, kind: str | None, year: int | None
) -> None:
    """Показать записи журнала: номер, дата, вид, заголовок, кем подписан, исполнитель.

    \b
    docgen journal list --journal журнал.sqlite --year 2024
    """
    from docgen.grammar.dates import format_date
    from docgen.journal import Journal

    entries = Journal(journal_file).entries(organization=organization, kind=kind, year=year)
    organizations = {e.organization for e in entries}
    for entry in entries:
        mark = ""
        if entry.voided is not None:
            mark = " [аннулирован" + (f": {entry.voided}" if entry.voided else "") + "]"
        who = f"{entry.organization}: " if len(organizations) > 1 else ""
        click.echo(
            f"{who}№ {entry.number} от {format_date(entry.date, 'numeric')} {entry.kind} "
            f"«{entry.title}»; подписал: {entry.signer}"
            + (f"; исполнитель: {entry.executor}" if entry.executor else "")
            + (f"; исполнение: {entry.execution}" if entry.execution else "")
            + mark
        )
    if not entries:
        click.echo("в журнале нет записей", err=True)


@journal.command("export")
@click.argument("target", metavar="ФАЙЛ.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@_JOURNAL_FILE
@_journal_filters
@_reports_errors
def journal_export(
    target: Path,
    journal_file: Path,
    organization: str | None,
    kind: str | None,
    year: int | None,
) -> None:
    """Выгрузить «Журнал регистрации приказов» в книгу Excel ФАЙЛ.xlsx.

    \b
    docgen journal export Журнал_2024.xlsx --journal журнал.sqlite --year 2024
    """
    from docgen.journal import Journal
    from docgen.journal.export import workbook_bytes
    from docgen.office.files import atomic_write_bytes

    entries = Journal(journal_file).entries(organization=organization, kind=kind, year=year)
    atomic_write_bytes(target, workbook_bytes(entries))
    click.echo(str(target))


@journal.command("void")
@click.argument("number", metavar="НОМЕР")
@click.option("--reason", default="", metavar="ПРИЧИНА", help="Причина: «ошибочная регистрация».")
@_JOURNAL_FILE
@_journal_filters
@_reports_errors
def journal_void(
    number: str,
    reason: str,
    journal_file: Path,
    organization: str | None,
    kind: str | None,
    year: int | None,
) -> None:
    """Аннулировать НОМЕР: он остаётся в журнале с отметкой и больше не выдаётся.

    \b
    docgen journal void 12-од --reason "ошибочная регистрация"
    """
    from docgen.journal import Journal

    entry = Journal(journal_file).void(
        number, reason, organization=organization, kind=kind, year=year
    )
    click.echo(f"№ {entry.number} ({entry.organization}, {entry.kind}, {entry.year}) аннулирован")


@journal.command("mark")
@click.argument("number", metavar="НОМЕР")
@click.argument("text", metavar="ТЕКСТ")
@_JOURNAL_FILE
@_journal_filters
@_reports_errors
def journal_mark(
    number: str,
    text: str,
    journal_file: Path,
    organization: str | None,
    kind: str | None,
    year: int | None,
) -> None:
    """Записать отметку об исполнении ТЕКСТ у приказа НОМЕР.

    \b
    docgen journal mark 12-од "исполнено 20.05.2024"
    """
    from docgen.journal import Journal

    entry = Journal(journal_file).mark(
        number, text, organization=organization, kind=kind, year=year
    )
    click.echo(f"№ {entry.number}: {entry.execution}")


# ---------------------------------------------------------------- the control of execution


@main.command()
@click.argument(
    "data",
    nargs=-1,
    required=True,
    metavar="ДАННЫЕ...",
    type=click.Path(dir_okay=False, path_type=Path),
)
@_output_dir("Папка для списков и календарей.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d", "%d.%m.%Y"]),
    default=None,
    help="На какую дату составить списки (ДД.ММ.ГГГГ); по умолчанию — сегодня.",
)
@_EXCEPTIONS
@_reports_errors
def agenda(
    data: tuple[Path, ...],
    output_dir: Path,
    today: Any,
    exceptions: tuple[Path, ...],
) -> None:
    """Контроль исполнения: для каждого ответственного — список в Excel и календарь .ics.

    ДАННЫЕ — приказы, планы, дорожные карты (YAML, JSON, Excel) и книги района. Для каждого
    ответственного пишутся «Фамилия_И.О.xlsx» (просроченные, сегодняшние, предстоящие и без
    даты) и «Фамилия_И.О.ics» (событие на каждый срок; «ежегодно до 25 мая» — повторяющееся).

    \b
    docgen agenda приказ.yaml план.xlsx -o контроль --today 01.04.2025
    docgen agenda data/examples/district.xlsx -o контроль
    """
    from docgen.control import agenda as make_agenda
    from docgen.options import AgendaOptions

    result = make_agenda(
        list(data),
        AgendaOptions(
            output_dir=output_dir,
            today=today.date() if today is not None else None,
            exceptions=exceptions,
        ),
    )
    for path in result.paths:
        click.echo(str(path))
    click.echo(
        f"ответственных: {result.people}, задач: {result.items}, просрочено: {result.overdue}, "
        f"без даты: {result.undated}",
        err=True,
    )


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="АДРЕС",
    help="Адрес, на котором слушать: 127.0.0.1 — только этот компьютер, 0.0.0.0 — вся сеть.",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    metavar="ПОРТ",
    help="Порт сервера (1–65535).",
)
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("docgen-data"),
    show_default=True,
    help="Папка данных: база SQLite, загруженные книги, готовые документы.",
)
@_reports_errors
def serve(host: str, port: int, data: Path) -> None:
    """Веб-приложение для района, школ и секретарей (в браузере, по-русски)."""
    from docgen.web.server import serve as run_server

    run_server(host, port, data)


def run() -> None:
    """The ``docgen`` program: the command, then a quick end of the process.

    Python ending on its own frees every object the run made, one by one (0.15–0.2 s of CPU
    after a district run, which nobody waits for). Here what has to happen at the end still
    happens (threads finished, the exit handlers of the standard library and of docgen run,
    output flushed), and the process then ends without that. Tests call :func:`main`."""
    import atexit
    import os
    import threading

    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):  # sys.exit("message"): said as Python says it
        print(code, file=sys.stderr)
        code = 1
    status = code if isinstance(code, int) else 0 if code is None else 1
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said there
            status = status or 120
    os._exit(status)
