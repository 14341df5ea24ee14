"""Monitoring reports (аналитическая справка) and their Excel summary.

Holds the monitoring workbook and its reader (``monitoring``), the exact figures (``figures``),
the sentences written from them (``conclusions``), the charts (``charts``), the Excel summary
(``summary``) and the report itself, DOCX and XLSX (``report``).
May import: the engines, :mod:`docgen.model`, :mod:`docgen.views`, :mod:`docgen.options` and
:mod:`docgen.rendering` (to find the templates). Never district or the CLI.
"""
