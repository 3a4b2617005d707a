"""Entry point of ``python -m geo``."""

import sys

from geo.outputs.cli import main

sys.exit(main())
