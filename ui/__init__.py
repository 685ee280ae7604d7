"""The Streamlit dashboard's package: translations, formatting, theme, cached data, widgets and pages.

Modules here other than views/, data.py and widgets.py never import Streamlit at import time, so that
the PDF fiche and unit tests can use them without a running app.
"""
