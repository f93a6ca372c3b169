"""`python -m sijill`: the same command as `sijill` and `python build.py`."""

import sys

from .cli import main

sys.exit(main())
