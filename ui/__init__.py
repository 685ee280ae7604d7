"""The Streamlit dashboard's package: translations, formatting, theme, cached data, widgets and pages.

Modules that draw import Streamlit: views/, data.py, widgets.py, fiche_tabs.py and the form renderers
(form_fields, form_options, form_sections, form_preview, form_queue, form_accounts). The others never
import it at import time, so that the PDF fiche and unit tests can use them without a running app.
"""
