"""Orders (приказ, распоряжение): the context an order's template sees.

Holds the numbered points, the preamble and command word, the control clause, the signer and
the executor mark, and the appendices, a plan among them (built by :mod:`docgen.plans`); the
points that are tasks (a deadline, a responsible) and a document's tasks for the control of
execution (``tasks``); the листы согласования and ознакомления after them
(:mod:`docgen.orders.sheets`); the empty order workbook (:mod:`docgen.orders.blank`).
The order workbook's layout is read by :mod:`docgen.loading` with every other data format.
May import: the engines, :mod:`docgen.model`, :mod:`docgen.views` and :mod:`docgen.plans`.
Never reports, district, rendering or the CLI.
"""
