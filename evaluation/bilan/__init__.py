"""The SNR annual bilan: the year's AI projects for the report on sustainable development (issue 17)."""
