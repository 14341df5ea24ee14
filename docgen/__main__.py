from __future__ import annotations

from docgen.cli import main

main()
