"""`python -m evaluation`: the command line."""

from evaluation.cli import run

run()
