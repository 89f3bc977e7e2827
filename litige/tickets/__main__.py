"""python -m litige.tickets: the operators' command line."""

import sys

if __name__ == "__main__":
    from litige.tickets.cli import main

    sys.exit(main())
