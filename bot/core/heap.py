"""The heap a started service has built, kept out of the garbage collector's way.

CPython's collector goes through every tracked object of the oldest generation in a full
collection, and a burst of work (a few hundred taps at once) allocates enough to start one:
with a started service's modules, settings and platform clients in that generation, one
full collection held the event loop for 80-180 ms in the middle of a burst, and every
answer waited for it. What is alive once the service has started stays alive, so it goes
into the collector's permanent generation; what is made afterwards is collected as before.
"""

from __future__ import annotations

import gc


def settle_started_heap() -> None:
    """Collect once, then freeze what survived (`gc.freeze`): later full collections
    look only at objects made since."""
    gc.collect()
    gc.freeze()
