"""The poll form's closing time is entered in the creator's time zone (the form's `timezone`
field, UTC when it sends none) and stored as the same instant in UTC; an unknown zone is said
next to the closing time and stores nothing. Pages write closing times in UTC, in words
local-time.js rewrites in the viewer's zone."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from om_core.data import Poll, db
from tests.api.polls_helpers import create_poll
from tests.test_web_manage import edit_form, owner_browser, stored_poll
from tests.web_forms import csrf_token, log_in


def new_poll_form(browser, **fields) -> dict:
    form = {
        "question": "When?",
        "choices-0": "Yes",
        "choices-1": "No",
        "kind": "single",
        "results_visibility": "always",
        "visibility": "public",
        "closes_at": "2030-06-14T18:00",
        "csrf_token": csrf_token(browser, "/polls/new"),
    }
    return form | fields


def create(app, auth, **fields):
    """POST the new-poll form signed in; the response and the polls stored."""
    browser = app.test_client()
    log_in(browser, auth.signup().email)
    response = browser.post("/polls/new", data=new_poll_form(browser, **fields))
    with app.app_context():
        polls = db.session.scalars(select(Poll)).all()
        return response, [(poll.id, poll.closes_at) for poll in polls]


@pytest.mark.parametrize(
    ("zone", "stored"),
    [
        ("Europe/Paris", datetime(2030, 6, 14, 16, 0, tzinfo=UTC)),  # summer time, +02:00
        ("America/New_York", datetime(2030, 6, 14, 22, 0, tzinfo=UTC)),  # -04:00
        ("Asia/Kolkata", datetime(2030, 6, 14, 12, 30, tzinfo=UTC)),  # +05:30
        ("UTC", datetime(2030, 6, 14, 18, 0, tzinfo=UTC)),
    ],
)
def test_the_closing_time_is_read_in_the_forms_zone(app, auth, zone, stored):
    response, polls = create(app, auth, timezone=zone)
    assert response.status_code == 302
    assert polls[0][1] == stored


def test_without_a_zone_the_closing_time_is_utc(app, auth):
    response, polls = create(app, auth)  # a form from before the field, or a script
    assert response.status_code == 302
    assert polls[0][1] == datetime(2030, 6, 14, 18, 0, tzinfo=UTC)


def test_winter_time_is_told_from_summer_time(app, auth):
    _, polls = create(app, auth, timezone="Europe/Paris", closes_at="2030-12-13T18:00")
    assert polls[0][1] == datetime(2030, 12, 13, 17, 0, tzinfo=UTC)  # +01:00 in December


@pytest.mark.parametrize(
    "zone", ["Mars/Olympus", "../../etc/passwd", "/etc/localtime", "Europe", "Europe/Paris\x00"]
)
def test_an_unknown_zone_is_said_next_to_the_closing_time_and_stores_nothing(app, auth, zone):
    response, polls = create(app, auth, timezone=zone)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert polls == []
    message = re.search(r'<small class="error" id="timezone-error">([^<]*)</small>', page)
    assert message and "is not a time zone we know" in message.group(1)
    # the zone is a field of its own now, to correct, and the closing time points at its message
    zone_field = re.search(r'<input [^>]*name="timezone"[^>]*>', page).group(0)
    assert 'type="text"' in zone_field and 'aria-describedby="timezone-error"' in zone_field
    closes_at = re.search(r"<input [^>]*name=\"closes_at\"[^>]*>", page).group(0)
    assert "timezone-error" in closes_at and 'aria-invalid="true"' in closes_at


def test_an_unknown_zone_without_a_closing_time_is_no_reason_to_refuse(app, auth):
    response, polls = create(app, auth, timezone="Mars/Olympus", closes_at="")
    assert response.status_code == 302 and polls[0][1] is None


def test_a_time_that_cannot_be_stored_in_its_zone_is_refused_not_a_500(app, auth):
    response, polls = create(app, auth, timezone="Asia/Tokyo", closes_at="0001-01-01T00:30")
    assert response.status_code == 200 and polls == []
    assert 'id="closes_at-error"' in response.get_data(as_text=True)


def test_the_form_says_its_zone_and_sends_utc_without_javascript(app, auth):
    browser = app.test_client()
    log_in(browser, auth.signup().email)
    page = browser.get("/polls/new").get_data(as_text=True)
    assert 'Closes at <span id="closes-at-zone">(UTC)</span>' in page
    assert 'name="timezone" type="hidden" value="UTC"' in page


def test_a_form_sent_back_keeps_its_zone_and_the_time_as_entered(app, auth):
    response, polls = create(app, auth, timezone="Europe/Paris", question="")
    page = response.get_data(as_text=True)
    assert polls == []
    assert 'Closes at <span id="closes-at-zone">(Europe/Paris)</span>' in page
    assert 'name="timezone" type="hidden" value="Europe/Paris"' in page
    assert 'value="2030-06-14T18:00"' in page


def test_an_edit_in_another_zone_of_the_same_time_changes_nothing(app, client, auth):
    browser, account = owner_browser(app, auth)
    poll = create_poll(client, account, closes_at="2030-06-14T16:00:00+00:00")
    edit_page = browser.get(f"/p/{poll['id']}/edit").get_data(as_text=True)
    assert 'value="2030-06-14 16:00:00"' in edit_page  # in UTC, the form's zone until sent
    form = edit_form(browser, poll["id"], closes_at="2030-06-14T18:00", timezone="Europe/Paris")
    assert browser.post(f"/p/{poll['id']}/edit", data=form).status_code == 302
    stored, _ = stored_poll(app, poll["id"])
    assert stored.closes_at == datetime(2030, 6, 14, 16, 0, tzinfo=UTC)
    form = edit_form(browser, poll["id"], closes_at="2030-06-14T19:00", timezone="Europe/Paris")
    browser.post(f"/p/{poll['id']}/edit", data=form)
    assert stored_poll(app, poll["id"])[0].closes_at == datetime(2030, 6, 14, 17, 0, tzinfo=UTC)


def test_pages_write_the_closing_time_in_utc_for_the_script_to_localise(app, client, auth):
    browser, account = owner_browser(app, auth)
    poll = create_poll(client, account, closes_at="2030-06-14T16:00:00+00:00")
    expected = '<time datetime="2030-06-14T16:00:00Z" data-local-time>Fri 14 Jun 2030, 16:00 (UTC)<'
    assert expected in browser.get(f"/p/{poll['id']}").get_data(as_text=True)
    assert expected in browser.get(f"/p/{poll['id']}/manage").get_data(as_text=True)


def test_this_years_closing_time_leaves_the_year_out(client, auth):
    now = datetime.now(UTC)
    moment = (now + timedelta(hours=1)).replace(second=0, microsecond=0)
    if moment.year != now.year:
        pytest.skip("the last hour of the year: an hour from now is next year")
    poll = create_poll(client, auth.signup(), closes_at=moment.isoformat())
    page = client.get(f"/p/{poll['id']}").get_data(as_text=True)
    assert f">{moment:%a} {moment.day} {moment:%b}, {moment:%H:%M} (UTC)</time>" in page
