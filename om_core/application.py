"""The Flask class poll_app runs on: Flask, deciding once per function whether it is async."""

import weakref
from collections.abc import Callable

from flask import Flask


class PollApp(Flask):
    """Flask, with `ensure_sync`'s answer kept per function.

    Flask asks `ensure_sync` of every hook and view on every request, and flask-smorest once
    more for each layer of its decorators: about 18 times a vote, each running
    `inspect.iscoroutinefunction` (2% of a vote's instructions, measured with callgrind:
    README, "Benchmarks"). A function's answer never changes. Kept weakly, so that a
    function made during one request does not outlive it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._synced: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def ensure_sync(self, func: Callable) -> Callable:
        try:
            return self._synced[func]
        except KeyError:
            synced = self._synced[func] = super().ensure_sync(func)
            return synced
        except TypeError:  # a builtin, which a weak reference cannot point at
            return super().ensure_sync(func)
