"""`python -m rcheck`: the same command as the `rcheck` console script."""

from rcheck.cli import main

main()
