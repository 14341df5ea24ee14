"""DOCX and XLSX files are zip archives: their parts' sizes are checked before any is unpacked.

A 2 MB template whose image unpacks to 2 GiB (a "zip bomb") would otherwise be unpacked by
python-docx or openpyxl in full. The sizes declared in the archive's directory are what
:mod:`zipfile` unpacks at most (a part longer than declared fails its check), so checking them
bounds the memory any reader needs.
"""

from __future__ import annotations

import io
import zipfile

from docgen.errors import DocgenError, Location

#: The largest part, all parts together, and how many parts an office file may have.
MAX_PART = 256 * 2**20
MAX_TOTAL = 512 * 2**20
MAX_PARTS = 10_000
#: A part bigger than RATIO_FROM may unpack to at most MAX_RATIO times its packed size (text
#: XML packs 5-50×, a sheet of repeated cells some 100×; a zip bomb packs a thousandfold).
RATIO_FROM = 16 * 2**20
MAX_RATIO = 500


def check_zip(data: bytes, file: str, error: type[DocgenError]) -> None:
    """Refuse an office file whose parts would unpack to more than a document can need."""
    if not data.startswith(b"PK"):
        return  # not an archive: its reader says what is wrong with it
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # a broken archive: its reader says so
    if len(parts) > MAX_PARTS:
        raise error(
            f"в файле {len(parts)} частей, больше {MAX_PARTS}: файл повреждён или подделан; "
            "пересохраните его в Word или Excel",
            Location(file=file),
        )
    total = 0
    for part in parts:
        total += part.file_size
        ratio = part.file_size / max(part.compress_size, 1)
        if (
            part.file_size > MAX_PART
            or total > MAX_TOTAL
            or (part.file_size > RATIO_FROM and ratio > MAX_RATIO)
        ):
            raise error(
                f"часть «{part.filename}» распаковывается в {part.file_size // 2**20} МБ "
                f"(сжата в {ratio:.0f} раз): это не обычный документ Word или Excel, а, "
                "вероятно, «zip-бомба»; пересохраните файл в Word или Excel или возьмите "
                "исходный",
                Location(file=file),
            )
