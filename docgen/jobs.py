"""What a bulk run is made of: each school's documents and the data each is made from."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.errors import DocgenError
from docgen.loading import Data


@dataclass(frozen=True)
class ReportRequest:
    """A school's analytical report, made from the district's monitoring workbook."""

    workbook: str
    school: str

    def model_dump_json(self) -> str:
        return f'{{"report": "{self.workbook}", "school": "{self.school}"}}'


@dataclass(frozen=True)
class Document:
    """One document of a school: where it goes, the data it is made from, its inputs' digest."""

    path: str
    data: Data | ReportRequest
    inputs: str = ""


@dataclass(frozen=True)
class SchoolJob:
    """A school's documents, or the problems that keep them from being made."""

    key: str
    name: str
    documents: tuple[Document, ...] = ()
    problems: tuple[DocgenError, ...] = ()
    source: str = ""
