"""The poll pages: home, new poll, and the share link with its vote form.

Each view works out what the page shows (results, `can_manage`, the caller's ballot) and
calls the same voting service as the JSON API; templates only show ready values.
"""

import re
from collections.abc import Sequence

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from marshmallow import ValidationError

from om_core.api.poll.schemas import PollCreateSchema
from om_core.data import Poll
from om_core.errors import (
    AlreadyVotedError,
    InvalidBallotError,
    InvalidPollError,
    LoginRequiredError,
    PollClosedError,
)
from om_core.limits import PAGE_MAX
from om_core.plumbing import voter_cookies
from om_core.plumbing.converters import POLL_ID_PATTERN
from om_core.plumbing.rate_limits import limit_anonymous_votes, limit_guest_polls
from om_core.voting import queries, service
from om_core.voting.registry import kind_named
from om_core.web import poll_admin, zones
from om_core.web.access import can_manage, poll_or_404, signed_in_user
from om_core.web.blueprint import bp
from om_core.web.forms import ActionForm, PollForm, show_errors
from om_core.web.qr import qr_svg

PER_PAGE = 20
QR_MAX_AGE = 24 * 3600  # a poll's link never changes

bp.add_app_template_filter(zones.utc_iso, "utc_iso")
bp.add_app_template_filter(zones.utc_text, "utc_text")


def requested_page() -> int:
    """The `page` asked for, within 1..PAGE_MAX."""
    return min(max(request.args.get("page", 1, type=int), 1), PAGE_MAX)


@bp.get("/")
def index():
    """Open public polls, newest first, with search and paging."""
    query = request.args.get("q", "").strip()
    polls = queries.list_polls(
        page=requested_page(), per_page=PER_PAGE, q=query or None, status="open"
    )
    return render_template("web/index.html", polls=polls, query=query)


@bp.route("/polls/new", methods=["GET", "POST"])
@limit_guest_polls
def new_poll():
    """Create a poll, signed in or as a guest; the API's schema checks it, so both check the
    very same rules. A guest's browser keeps the poll's admin token, to manage it."""
    user = signed_in_user()
    if user is None and not current_app.config["GUEST_POLLS"]:
        return redirect(url_for("web.login", next=request.path))
    form = PollForm()
    if not form.is_submitted():
        _start_from_copy(form)
    if form.add_choice.data:  # "Add choice" without JavaScript: one more empty field
        form.choices.append_entry()
    elif form.validate_on_submit():
        try:
            fields = PollCreateSchema().load(form.data_for_schema())
            if user is None:
                poll, admin_token = service.create_guest_poll(**fields)
            else:
                poll, admin_token = service.create_poll(owner=user, **fields), None
        except ValidationError as error:
            show_errors(form, error.messages)
        except InvalidPollError as error:
            show_errors(form, {error.field: [str(error)]})
        else:
            flash("Your poll is ready: share its link.")
            response = redirect(url_for("web.manage_poll", poll_id=poll.id))
            if admin_token is not None:
                poll_admin.keep_admin_token(response, poll.id, admin_token)
            return response
    # with its messages, if any
    return render_template("web/poll_form.html", form=form, heading="New poll")


def _start_from_copy(form: PollForm) -> None:
    """ "Duplicate" (`?from=<poll id>`): the new poll starts as a copy of that one."""
    copied = request.args.get("from", "")
    poll = queries.get_poll(copied) if re.fullmatch(POLL_ID_PATTERN, copied) else None
    if poll is not None:
        form.fill_from(poll)


def render_poll(poll: Poll, picks: dict[int, int] | None = None, problem: str | None = None):
    """The poll page: the caller's ballot, or the vote form with `picks` picked and the
    `problem` that refused it said next to it (a form shown again is a 200 page, as every
    form here: the page answered, it did not fail)."""
    voter = voter_cookies.known_voter(signed_in_user())
    return render_template(
        "web/poll.html",
        poll=poll,
        ballot=service.get_ballot(poll_id=poll.id, voter=voter),
        picks=picks or {},
        problem=problem,
        form=ActionForm(),
        can_manage=can_manage(poll),
        needs_login=signed_in_user() is None and not poll.allow_anonymous,
        share_url=url_for("web.poll", poll_id=poll.id, _external=True),
        qr_url=url_for("web.poll_qr", poll_id=poll.id),
        **ballot_input_of(poll),
    )


def ballot_input_of(poll: Poll) -> dict:
    """What the ballot's fields need: how the poll's kind takes a ballot, and the ranks."""
    return {
        "ballot_input": kind_named(poll.kind).ballot_input,
        "ranks": range(1, len(poll.choices) + 1),
    }


@bp.get("/p/<poll_id:poll_id>")
def poll(poll_id: str):
    """The share link: the question, the choices and the vote form (or the caller's ballot)."""
    return render_poll(poll_or_404(poll_id))


@bp.get("/p/<poll_id:poll_id>/qr.svg")
def poll_qr(poll_id: str):
    """The share link as a QR code (an SVG image), for the share blocks."""
    poll = poll_or_404(poll_id)
    svg = qr_svg(url_for("web.poll", poll_id=poll.id, _external=True))
    response = Response(svg, mimetype="image/svg+xml")
    response.cache_control.max_age = QR_MAX_AGE
    return response


@bp.post("/p/<poll_id:poll_id>")
@limit_anonymous_votes
def vote(poll_id: str):
    """Cast a ballot from the vote form, then show the results."""
    poll = poll_or_404(poll_id)
    picks: dict[int, int] = {}
    try:
        picks = picks_sent(poll)
        voter = voter_cookies.voter(signed_in_user())
        service.cast_ballot(poll_id=poll.id, voter=voter, choice_ids=ballot_of(picks))
    except LoginRequiredError:
        flash("Log in to vote in this poll.")
        return redirect(url_for("web.login", next=url_for("web.poll", poll_id=poll.id)))
    except InvalidBallotError as error:
        return render_poll(poll, picks, f"Your vote was not counted: {error}.")
    except (AlreadyVotedError, PollClosedError) as error:
        flash(f"Your vote was not counted: {error}.")
        return render_poll(poll)
    return redirect(url_for("web.results_page", poll_id=poll.id))


def picks_sent(poll: Poll) -> dict[int, int]:
    """What the vote form picked: choice id -> rank (1, 2... in the order sent, for kinds
    that are not ranked). A value that is not a number was not sent by the form shown:
    InvalidBallotError."""
    try:
        if kind_named(poll.kind).ballot_input != "rank":
            values = request.form.getlist("choice")
            return {int(value): n for n, value in enumerate(values, start=1)}
        return {
            int(key.removeprefix("rank-")): int(value)
            for key, value in request.form.items()
            if key.startswith("rank-") and value
        }
    except ValueError as error:
        raise InvalidBallotError("choose from the choices shown") from error


def ballot_of(picks: dict[int, int]) -> list[int]:
    """The ballot the picks make: choice ids in order of rank."""
    if len(set(picks.values())) != len(picks):
        raise InvalidBallotError("give each ranked choice a different rank")
    return sorted(picks, key=picks.get)


def picks_of(choice_ids: Sequence[int]) -> dict[int, int]:
    """A stored ballot as picks, to show it in the form."""
    return {choice_id: n for n, choice_id in enumerate(choice_ids, start=1)}
