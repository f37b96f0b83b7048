"""``python -m journeymapper`` is the same as the ``journeymapper`` command."""

import sys

from journeymapper.cli import main

sys.exit(main())
