"""A whole district in one run: the district workbook, one job per school, bulk and manifest.

Holds the district workbook's reader and the planning of each school's documents
(``workbook``), the empty workbook a district sends to its schools (``blank``), what a run is
made of and reports (``jobs``, light), the manifest of an output folder with the digests that
decide what a rerun redoes (``manifest``, light), the run itself (``bulk``), which also writes
the summary with its «Просрочено» sheet, the main process and the workers forked from it
sharing a run's schools over pipes (``workers``, standard library only), and the run that
stays and makes again what changed after each save of its inputs (``watch``,
``bulk --watch``). ``jobs``, ``manifest`` and ``bulk`` import the rendering machinery only when
they render, so that a rerun with nothing to do stays cheap.
May import: everything below it (engines, model, plans, orders, reports, rendering, options).
Only the API and the CLI import it.
"""
