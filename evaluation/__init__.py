"""Jauge's evaluation engine: pure, typed, no Streamlit."""

__version__ = "0.1.0"
