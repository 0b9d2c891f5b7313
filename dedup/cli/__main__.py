"""``python -m dedup.cli``: the ``dedup`` command."""

import sys

from .main import main

sys.exit(main())
