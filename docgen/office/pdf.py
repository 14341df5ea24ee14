"""PDF through LibreOffice headless, when it is installed; a clear error when it is not."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from docgen.errors import Location, OutputError
from docgen.office.files import atomic_write_bytes

_TIMEOUT_S = 180


def office() -> str | None:
    """The LibreOffice executable, if any (Debian package libreoffice-writer-nogui)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx: Path, pdf: Path) -> Path:
    """Convert ``docx`` to ``pdf``; the PDF appears whole or not at all."""
    program = office()
    if program is None:
        raise OutputError(
            "PDF не создан: LibreOffice не установлен. Установите его "
            "(Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui) "
            "или откройте DOCX в Word и сохраните как PDF",
            Location(file=str(docx)),
        )
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as work:
        profile = Path(work, "profile").as_uri()  # a private profile: runs never share a lock
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            str(docx),
        ]
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=_TIMEOUT_S,
                check=False,
                env={**os.environ, "HOME": work},
            )
        except subprocess.TimeoutExpired as exc:
            raise OutputError(
                f"LibreOffice не ответил за {_TIMEOUT_S} с", Location(file=str(docx))
            ) from exc
        produced = Path(work, docx.with_suffix(".pdf").name)
        if result.returncode != 0 or not produced.exists():
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise OutputError(
                "LibreOffice не смог создать PDF" + (f": {detail[-1]}" if detail else ""),
                Location(file=str(docx)),
            )
        atomic_write_bytes(pdf, produced.read_bytes())
    return pdf
