"""The whole evaluation: the four steps on one options table, the JSON records, the sensitivity."""
