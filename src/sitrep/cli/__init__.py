"""The ``sitrep`` command line: a thin layer over the Python API.

Exit codes: 0 success (bad records are reported and skipped); 1 nothing at all
could be read; 2 wrong usage; 3 a data, model or database error; 4 finished, but a stage
failed on some articles (reported; ``ingest`` records them and retries them next run).
"""

from sitrep.cli import analyse, storage, tools
from sitrep.cli.app import main

__all__ = ["analyse", "main", "storage", "tools"]
