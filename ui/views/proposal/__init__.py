"""Page « Dossier »: the proposal form in sections, its option editor and live preview."""
