"""What is built once per partnership and kept until its data changes (the
tagger of its confirmed tags, the index of its findings' words), in this
process: a small, thread-safe cache keyed by partnership and checked against
a stamp the caller reads from the database on every use."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class PerPartnership(Generic[T]):
    def __init__(self, size: int = 16) -> None:
        self._items: OrderedDict = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, partnership, stamp: Hashable, build: Callable[[], T]) -> T:
        """The kept value if it was built at ``stamp``, else ``build()`` (kept)."""
        key = partnership.pk
        with self._lock:
            cached = self._items.get(key)
            if cached is not None and cached[0] == stamp:
                self._items.move_to_end(key)
                return cached[1]
        value = build()
        with self._lock:
            self._items[key] = (stamp, value)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
