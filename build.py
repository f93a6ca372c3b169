#!/usr/bin/env python3
"""Build the archive: `python build.py` (same as `sijill build`); see README for commands."""

import sys

from sijill.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
