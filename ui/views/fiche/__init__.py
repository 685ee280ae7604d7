"""Page « Fiche dossier »: one proposal in tabs, and its PDF."""
