"""Python's cycle collector paused for the length of a large piece of work."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """The cycle collector paused, and put back as it was.

    For work that holds a few hundred thousand objects until it has written
    them (a case list's import, a long briefing's PDF): the collector walks
    them, with everything else the process holds, again and again as more are
    made. Such work makes next to no garbage cycles (reference counting frees
    what it makes), and the collector runs again once it is on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
