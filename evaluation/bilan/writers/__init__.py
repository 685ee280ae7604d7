"""The bilan's files: DOCX (python-docx), ODT (odfpy), PDF (fpdf2), XLSX (openpyxl), all from the same outline."""
