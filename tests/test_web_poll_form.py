"""The new-poll page: a value its form cannot take is named next to its field, and nothing
is stored."""

import pytest
from sqlalchemy import func, select

from om_core.data import Poll, db
from tests.web_forms import csrf_token, log_in


@pytest.mark.parametrize("field", ["results_visibility", "visibility", "kind"])
def test_a_tampered_option_is_named_next_to_its_field_and_stores_nothing(app, auth, field):
    browser = app.test_client()
    log_in(browser, auth.signup().email)
    form = {
        "question": "Tampered?",
        "choices-0": "Yes",
        "choices-1": "No",
        "kind": "single",
        "results_visibility": "always",
        "visibility": "public",
        "csrf_token": csrf_token(browser, "/polls/new"),
    }
    page = browser.post("/polls/new", data=form | {field: "bogus"}).get_data(as_text=True)
    assert f'id="{field}-error">Not a valid choice.' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Poll)) == 0
