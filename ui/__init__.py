"""The Streamlit dashboard's package: page specs, sign-in, cached data, widgets, translations, formatting,
theme, and the pages themselves in views/ (one module, or one folder with a `page.py`, per page).

Modules that draw import Streamlit: views/, data.py (the only module with Streamlit caches), widgets.py,
fields.py, queue.py. The others (pages.py, auth.py, formatting.py, i18n.py, drafts.py, charts.py,
summaries.py...) never import it at import time, so that the PDF fiche and unit tests can use them without
a running app.
"""
