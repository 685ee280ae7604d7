"""The files Jauge writes for people outside the dashboard: the fiche (PDF), the draft délibération (ODT,
DOCX) and the decisions register, with the decision's wording they share. No Streamlit: the dashboard and
the command line (`python -m evaluation fiche|deliberation|reproduce`) write the same files."""
