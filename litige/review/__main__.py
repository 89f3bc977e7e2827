"""python -m litige.review <commande>: the review desk's command line (litige/review/cli.py)."""

import sys

if __name__ == "__main__":
    from litige.review.cli import main

    sys.exit(main())
