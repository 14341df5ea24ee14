"""Office file mechanics, shared by every family: DOCX, XLSX and PDF, and safe writing of files.

Holds the sandboxed docxtpl render with located template errors and stable bytes (``word``),
the tables, footnotes and sections code puts into a document (``layout``), styled and
deterministic workbooks (``excel``), a lean XLSX writer for summaries written thousands of
times (``xlsx``), native DOCX charts with their embedded workbook (``charts``), PDF through
LibreOffice (``pdf``), and writing a file so that a reader never sees half of it (``files``). It knows nothing of orders, plans or reports.
May import: :mod:`docgen.errors`, :mod:`docgen.grammar` (the template filters). Nothing above.
"""
