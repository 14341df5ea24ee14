"""Command line: maps flags onto the library and turns DocgenError into a message and exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from docgen.errors import DocgenError, Location

F = TypeVar("F", bound=Callable[..., Any])


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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="docgen", prog_name="docgen")
@click.option("--debug", is_flag=True, help="Show tracebacks (for reporting bugs).")
def main(debug: bool) -> None:
    """docgen: официальные документы из шаблонов DOCX и данных, с русской грамматикой.

    docgen fills DOCX templates with data for Russian education administrations.
    """


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
@click.argument("text", required=False)
@click.option("-c", "--case", "case", default=None, help=_CASES_HELP)
@click.option("--all", "all_cases", is_flag=True, help="Print all six cases.")
@click.option(
    "-k",
    "--kind",
    default=None,
    help="person, surname, name, patronymic, position, org, place (по умолчанию угадать).",
)
@click.option("-g", "--gender", default=None, help="m/f (м/ж).")
@click.option(
    "--explain",
    is_flag=True,
    help="Say on stderr which kind was guessed for a phrase given without --kind.",
)
@click.option(
    "-f",
    "--file",
    "file",
    default=None,
    help="Read phrases from a file ('-' for stdin): one per line, "
    "optionally TEXT<TAB>KIND<TAB>GENDER.",
)
@click.option(
    "-e",
    "--exceptions",
    "exceptions",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML file of forms that override the grammar (repeatable).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the result to this file instead of the screen.",
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
    """Put TEXT (a name, position, organization or place) into a case.

    Without --kind the kind is guessed (--all and --explain say which); a phrase whose head
    word cannot be found is refused, never declined by half.

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
        raise click.UsageError("укажите либо TEXT, либо --file (но не оба)")
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


_DATA = click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
_TEMPLATE = click.option(
    "-t",
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="DOCX template (default: templates/orders/ for the document's kind).",
)


def _output_dir(help: str) -> Callable[[F], F]:
    """The -o/--output-dir option every writing command has; only its help differs."""
    return click.option(
        "-o",
        "--output-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("output"),
        show_default=True,
        help=help,
    )


_EXCEPTIONS = click.option(
    "-e",
    "--exceptions",
    "exceptions",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML file of forms that override the grammar (repeatable).",
)
_SET = click.option(
    "-s",
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY.PATH=VALUE",
    help="Override a value of the data, e.g. --set document.number=12 (repeatable; "
    "wins over the file and the files it extends).",
)


_DICTIONARY = click.option(
    "-d",
    "--dictionary",
    "dictionaries",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your own words for the spelling check (names, abbreviations): a text file, one "
    "word a line (repeatable).",
)


def _warn(warnings: Iterable[DocgenError]) -> None:
    for warning in warnings:
        for line in str(warning).splitlines():
            click.echo(f"предупреждение: {line}", err=True)


@main.command()
@click.argument("data", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@_TEMPLATE
@_output_dir("Folder for the generated files.")
@click.option("--pdf", is_flag=True, help="Also make a PDF with LibreOffice.")
@click.option(
    "--qr/--no-qr", default=None, help="Add the QR-code requisite (default: as the data says)."
)
@_EXCEPTIONS
@_SET
@_DICTIONARY
@click.option(
    "--strict", is_flag=True, help="Warnings are errors: a document with any is not written."
)
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
) -> None:
    """Render DATA files (YAML, JSON or XLSX: an order or a plan) into DOCX; print the paths.

    \b
    docgen render data/examples/order_953.yaml
    docgen render data/examples/*.yaml
    docgen render order.xlsx --template my_prikaz.docx -o out --pdf
    docgen render school.yaml --set document.number=12
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
    )
    failed = 0
    for path in data:
        try:
            result = render_file(path, options)
        except DocgenError as exc:
            if len(data) == 1:
                raise
            failed += 1
            for line in str(exc).splitlines():
                click.echo(f"ошибка: {line}", err=True)
            continue
        _warn(result.warnings)
        click.echo(str(result.docx))
        if result.pdf is not None:
            click.echo(str(result.pdf))
    if failed:
        sys.exit(1)


@main.command()
@_DATA
@_TEMPLATE
@_EXCEPTIONS
@_SET
@_DICTIONARY
@click.option("--strict", is_flag=True, help="Warnings are errors: exit code 1 if there are any.")
@_reports_errors
def check(
    data: Path,
    template: Path | None,
    exceptions: tuple[Path, ...],
    overrides: tuple[str, ...],
    dictionaries: tuple[Path, ...],
    strict: bool,
) -> None:
    """Check DATA and the template without writing anything.

    Reports every problem of the data (with file and key path, or sheet and cell), Jinja
    errors of the template (with the template line), undefined variables, and tags that Word
    split across runs; and warns as a methodologist would: deadlines before the plan's period
    or the order's date, a school year that is not the document's, activities without
    responsible or deadline, one deadline written two ways, words no dictionary knows.

    \b
    docgen check data/examples/rasporyazhenie_408.yaml
    docgen check plan.xlsx --strict --dictionary my_words.txt
    """
    from docgen.options import Options
    from docgen.rendering import check as check_file

    options = Options(
        template=template,
        exceptions=exceptions,
        overrides=overrides,
        dictionaries=dictionaries,
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
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@_output_dir("Folder for the schools' folders.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes (default: one per core).",
)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="SCHOOL",
    help="Only these schools, by key or short name (repeatable, or comma-separated).",
)
@click.option("--pdf", is_flag=True, help="Also make PDFs with LibreOffice.")
@click.option("--zip", "make_zip", is_flag=True, help="Also pack every output into one zip.")
@click.option("--force", is_flag=True, help="Redo every document, even unchanged ones.")
@click.option("--prune", is_flag=True, help="Remove outputs that no longer belong to any school.")
@_EXCEPTIONS
@_DICTIONARY
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
    exceptions: tuple[Path, ...],
    dictionaries: tuple[Path, ...],
) -> None:
    """Make every school's documents from the district WORKBOOK.

    Writes OUTDIR/<school>/<document>.docx and OUTDIR/Сводка.xlsx. A rerun redoes only the
    documents whose data, template or docgen version changed. A school with bad data fails
    alone: its errors are listed, the others are made, and the exit code is 1.

    \b
    docgen bulk data/examples/district.xlsx
    docgen bulk district.xlsx --only sosh1 --only gimn --pdf
    """
    from docgen.district.bulk import bulk as run_bulk
    from docgen.district.jobs import Status, update_note
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
    )
    with _Progress() as progress:
        result = run_bulk(workbook, options, progress=progress.step, total=progress.start)
    _warn(result.warnings)
    for outcome in result.outcomes:
        if outcome.status is Status.FAILED:
            where = outcome.path or outcome.school
            for problem in outcome.problems:
                for line in str(problem).splitlines():
                    click.echo(f"ошибка: {where}: {line}", err=True)
        else:
            _warn(outcome.problems)
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
    _summary(result)
    if result.interrupted:
        click.echo(
            "прервано: готовые документы сохранены, следующий запуск доделает остальное", err=True
        )
        sys.exit(130)
    if result.failed_schools:
        sys.exit(1)


class _Progress:
    """A progress bar on a terminal; nothing when the output goes to a file or a pipe."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> _Progress:
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
        if self.bar is not None:
            self.task = self.bar.add_task("документы", total=total)

    def step(self, outcome: Any) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _summary(result: Any) -> None:
    from docgen.district.jobs import summary_rows

    rows = summary_rows(result)
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(show_header=False, box=None)
        for name, value in rows:
            table.add_row(name, str(value))
        Console().print(table)
    else:
        for name, value in rows:
            click.echo(f"{name}: {value}")


@main.command("new-workbook")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--plan",
    "plan",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The municipal plan, whose roles the people sheet offers in a drop-down.",
)
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@_reports_errors
def new_workbook(path: Path, plan: Path | None, force: bool) -> None:
    """Write an empty district workbook for schools to fill in: sheets, headers, drop-downs."""
    from docgen.district.blank import new_district_bytes
    from docgen.office.files import atomic_write_bytes

    if path.exists() and not force:
        raise DocgenError(
            "файл уже есть; чтобы перезаписать, добавьте --force", Location(file=str(path))
        )
    if path.suffix.lower() != ".xlsx":
        raise click.UsageError("книга сохраняется в .xlsx")
    roles: list[str] = []
    if plan is not None:
        from docgen.loading import load_plan
        from docgen.plans.table import roles_of

        roles = roles_of(load_plan(plan).plan)
    atomic_write_bytes(path, new_district_bytes(roles))
    click.echo(str(path))


@main.command(name="import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the plan: .yaml (.yml) or .xlsx.",
)
@_reports_errors
def import_plan(source: Path, output: Path) -> None:
    """Read the plan table of an existing SOURCE.docx into data (YAML or an Excel workbook).

    Prints the path written and what was found. The organization, when the document does
    not name it in an order header, is a placeholder to fill in.

    \b
    docgen import roadmap.docx -o plan.xlsx
    docgen import roadmap.docx -o plan.yaml
    """
    from docgen.errors import DataError
    from docgen.office.files import atomic_write_bytes
    from docgen.plans.exporting import SUFFIXES, export_plan
    from docgen.plans.importing import import_docx, summary

    if output.suffix.lower() not in SUFFIXES:
        shown = f"«{output.suffix}»" if output.suffix else "без расширения"
        raise DataError(
            f"неизвестный формат файла {shown}: ожидается .yaml, .yml или .xlsx",
            Location(file=str(output)),
        )
    data = import_docx(source)
    atomic_write_bytes(output, export_plan(data, output.suffix))
    click.echo(str(output))
    click.echo(summary(data))


@main.command()
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@_output_dir("Folder for the report and the summary.")
@click.option(
    "--school",
    default=None,
    metavar="SCHOOL",
    help="A school's report (by key or short name) instead of the district's.",
)
@click.option("--pdf", is_flag=True, help="Also make a PDF with LibreOffice.")
@_TEMPLATE
@_EXCEPTIONS
@_reports_errors
def report(
    data: Path,
    output_dir: Path,
    school: str | None,
    pdf: bool,
    template: Path | None,
    exceptions: tuple[Path, ...],
) -> None:
    """Write the analytical report (DOCX with charts) and its Excel summary from monitoring DATA.

    \b
    docgen report data/examples/monitoring.xlsx
    docgen report monitoring.xlsx --school sosh2 --pdf
    """
    from docgen.options import ReportOptions
    from docgen.reports.report import report as make_report

    result = make_report(
        data,
        ReportOptions(
            output_dir=output_dir, school=school, pdf=pdf, template=template, exceptions=exceptions
        ),
    )
    _warn(result.warnings)
    for path in result.paths:
        click.echo(str(path))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Адрес сервера.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
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
