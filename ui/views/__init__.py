"""One module per page of the dashboard (run by st.navigation; see ui/pages.py)."""
