"""The options table the evaluation steps compute on: building it, reading it, its column names."""
