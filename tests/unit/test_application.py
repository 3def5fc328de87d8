"""PollApp: Flask with ensure_sync's answer kept per function, the same answer Flask gives."""

import pytest

from om_core.application import PollApp


def test_a_sync_function_is_handed_back_as_it_is():
    app = PollApp(__name__)

    def view():
        return "ok"

    assert app.ensure_sync(view) is view
    assert app.ensure_sync(view) is view  # kept, and still the same


def test_an_async_function_is_still_told_apart():
    """Flask runs an async view through asgiref, or refuses without it: never as a plain
    function whose coroutine would be returned unawaited."""
    app = PollApp(__name__)

    async def view():
        return "ok"

    try:
        synced = app.ensure_sync(view)
    except RuntimeError as error:  # Flask without its `async` extra
        assert "async" in str(error)
    else:
        assert synced is not view
        assert synced() == "ok"


@pytest.mark.parametrize("func", [len, print])
def test_a_builtin_which_no_weak_reference_can_point_at_is_answered_too(func):
    assert PollApp(__name__).ensure_sync(func) is func
