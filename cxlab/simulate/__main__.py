"""Run ``python -m cxlab.simulate``; see :func:`cxlab.simulate.command.main`."""

import sys

from cxlab.simulate.command import main

sys.exit(main())
