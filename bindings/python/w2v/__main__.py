"""``python3 -m w2v``: see :mod:`w2v.cli`."""

import sys

from .cli import main

sys.exit(main())
