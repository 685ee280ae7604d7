"""Page « Portefeuille »: key figures, the matrix, filters and the table."""
