from __future__ import annotations

from docgen.cli import run

run()
