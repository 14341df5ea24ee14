"""Plans and roadmaps (план мероприятий, дорожная карта): everything a plan becomes.

Holds the plan's table with its numbering and merges (``table``), the context a plan template
sees with its approval stamp (``context``), a school's roadmap made from the municipal plan
(``schools``), an existing DOCX plan read back into data (``importing``) and a plan written out
as YAML or as the plan workbook (``exporting``), and the control of execution's tasks with
their due days and states (``control``). The plan workbook's layout is read by
:mod:`docgen.loading`, because an order's workbook and the district's workbook carry it too.
May import: the engines (:mod:`docgen.errors`, :mod:`docgen.grammar`, :mod:`docgen.office`,
:mod:`docgen.loading`), :mod:`docgen.model` and :mod:`docgen.views`. Never orders, reports,
district, rendering or the CLI.
"""
