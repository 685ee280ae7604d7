"""The exchange format: proposal files, flat rows, the JSON Schema, located French error messages."""
