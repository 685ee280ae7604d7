"""`python -m evaluation`: the command line."""

import sys

from evaluation.cli import main

sys.exit(main())
