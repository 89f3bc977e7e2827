"""python -m actions.tickets: the operators' command line."""

import sys

if __name__ == "__main__":
    from actions.tickets.cli import main

    sys.exit(main())
