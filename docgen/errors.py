"""One error hierarchy for everything docgen reports to a user.

Every error carries a :class:`Location` so that the message can name the file and the
place in it (sheet and cell, key path, template line). Only ``cli.py`` turns these
errors into messages and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Location:
    """Where a problem is: any subset of file, sheet/cell, row, key path, template line."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    key_path: str | None = None
    field: str | None = None
    template: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.template and self.template != self.file:
            parts.append(f"шаблон {self.template}")
        if self.sheet:
            parts.append(f"лист «{self.sheet}»" + (f", ячейка {self.cell}" if self.cell else ""))
        elif self.cell:
            parts.append(f"ячейка {self.cell}")
        if self.row is not None:
            parts.append(f"строка {self.row}")
        if self.line is not None:
            parts.append(f"строка шаблона {self.line}")
        if self.key_path:
            parts.append(self.key_path)
        if self.field:
            parts.append(f"поле {self.field}")
        return ": ".join(parts)


@dataclass(eq=False)
class DocgenError(Exception):
    """Root of all errors docgen reports; ``message`` is for a person, in Russian."""

    message: str
    location: Location = field(default_factory=Location)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        where = str(self.location)
        return f"{where}: {self.message}" if where else self.message

    def at(self, **where: str | int | None) -> DocgenError:
        """Return the same error with more of its location filled in (outer code knows more)."""
        known = {
            k: v for k, v in where.items() if v is not None and getattr(self.location, k) is None
        }
        self.location = replace(self.location, **known)  # type: ignore[arg-type]
        return self


class GrammarError(DocgenError):
    """A phrase cannot be inflected with confidence (unknown gender, no head noun, bad case)."""


class UnknownGenderError(GrammarError):
    """The gender changes the form and cannot be inferred: the data must say it."""


class DataError(DocgenError):
    """Input data is missing, malformed or inconsistent."""


class TemplateError(DocgenError):
    """A template is broken or references what the data does not have."""


class OutputError(DocgenError):
    """A file cannot be written or converted."""


class _Problems(DocgenError):
    """Several problems in one input, all reported at once so that one run fixes them all."""

    def __init__(self, problems: list[DocgenError], file: str | None = None) -> None:
        self.problems = problems
        super().__init__(f"найдено ошибок: {len(problems)}", Location(file=file))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class InvalidDataError(_Problems, DataError):
    """Every problem found in one data file."""


class InvalidTemplateError(_Problems, TemplateError):
    """Every problem found in one template."""
