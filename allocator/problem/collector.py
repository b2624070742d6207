"""The cyclic garbage collector paused for one bulk computation.

A region's day holds millions of objects, and a proposal builds hundreds of thousands more
(lines, reasons, candidate lists). CPython's cyclic collector runs every few hundred new
container objects, and each of its oldest-generation passes walks the whole heap: on a region
that is more time than the work it interrupts (a third of explaining and annotating the
lines). The engine's bulk computations make almost no reference cycles, so the collector is
paused while one runs and resumed after it; reference counting still frees everything else
at once. Nested pauses resume only at the outermost one.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` block, and resume it afterwards if it was
    running before (whatever the block raised)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
