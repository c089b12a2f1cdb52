"""Bounded polling: the only way mclab waits for anything."""
import time


class WaitTimeout(AssertionError):
    """Raised when a condition did not hold in time (an assertion: the lab misbehaved)."""


def wait_until(pred, timeout, interval=0.05, what='condition', fatal=()):
    """Polls pred() until it returns a truthy value and returns that value.

    Exceptions from pred count as "not yet" until the deadline; then the last one is
    chained so the failure says what actually went wrong. Exceptions of a class in
    fatal propagate at once (e.g. the process being waited on has died).
    """
    deadline = time.monotonic() + timeout
    last_exc = None
    while True:
        try:
            v = pred()
            if v:
                return v
            last_exc = None
        except fatal:
            raise
        except Exception as e:  # noqa: BLE001 - any failure of pred means "not yet"
            last_exc = e
        if time.monotonic() >= deadline:
            msg = f'timed out after {timeout:.1f}s waiting for {what}'
            if last_exc is not None:
                raise WaitTimeout(f'{msg} (last error: {last_exc!r})') from last_exc
            raise WaitTimeout(msg)
        time.sleep(interval)
