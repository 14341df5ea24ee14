"""The web application (``docgen serve``): the whole job in a browser, for the district, its
schools and a secretary, in Russian.

Holds the Flask application (``app``: pages and their routes), its SQLite store of accounts,
runs and documents (``store``), passwords, CSRF tokens and the limit on login attempts
(``security``), a document's preview as page images or as HTML (``preview``), the secretary's
order form turned into order data (``orders``), the school's own rows of the district workbook
(``school``), and the production server (``server``: waitress). Pages are Jinja templates in
``templates/`` with one CSS file in ``static/``.
May import: everything below it (the public API ``docgen``, the district, rendering, office and
grammar layers). Only the CLI imports it, and only when ``docgen serve`` runs, so that the
command line does not load Flask.
"""
