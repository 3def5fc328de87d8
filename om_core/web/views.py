"""The poll pages: home, new poll, the share link with its vote form, results, my polls.

Each view works out what the page shows (results, `can_manage`, the caller's ballot) and
calls the same voting service as the JSON API; templates only show ready values.
"""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError

from om_core.api.poll.schemas import PollCreateSchema, ResultsSchema
from om_core.data import Poll, User
from om_core.errors import (
    AlreadyVotedError,
    InvalidBallotError,
    InvalidPollError,
    LoginRequiredError,
    PollClosedError,
    ResultsHiddenError,
)
from om_core.limits import PAGE_MAX
from om_core.plumbing import voter_cookies
from om_core.plumbing.rate_limits import limit_anonymous_votes
from om_core.voting import queries, results, service
from om_core.voting.registry import kind_named
from om_core.web.blueprint import bp
from om_core.web.forms import ActionForm, PollForm, show_errors

PER_PAGE = 20


def _user() -> User | None:
    return current_user._get_current_object() if current_user.is_authenticated else None


def _poll_or_404(poll_id: str) -> Poll:
    """The poll as it is now, with its counts, to show it or vote in it."""
    poll = queries.get_poll(poll_id)
    if poll is None:
        abort(404)
    return poll


def _managed_poll(poll_id: str) -> Poll:
    """The poll, to change it, if the caller may."""
    poll = _poll_or_404(poll_id)
    if not service.may_manage(_user(), poll):
        abort(403)
    return poll


def _page() -> int:
    return min(max(request.args.get("page", 1, type=int), 1), PAGE_MAX)


@bp.get("/")
def index():
    """Open public polls, newest first, with search and paging."""
    query = request.args.get("q", "").strip()
    polls = queries.list_polls(page=_page(), per_page=PER_PAGE, q=query or None, status="open")
    return render_template("web/index.html", polls=polls, query=query)


@bp.route("/polls/new", methods=["GET", "POST"])
@login_required
def new_poll():
    """Create a poll; the API's schema checks it, so both check the very same rules."""
    form = PollForm()
    if form.add_choice.data:  # "Add choice" without JavaScript: one more empty field
        form.choices.append_entry()
    elif form.validate_on_submit():
        try:
            fields = PollCreateSchema().load(form.data_for_schema())
            poll = service.create_poll(owner=_user(), **fields)
        except ValidationError as error:
            show_errors(form, error.messages)
        except InvalidPollError as error:
            show_errors(form, {error.field: [str(error)]})
        else:
            return redirect(url_for("web.poll", poll_id=poll.id))
    return render_template("web/poll_new.html", form=form)  # with its messages, if any


def _render_poll(poll: Poll, status: int = 200):
    voter = voter_cookies.known_voter(_user())
    ballot = service.get_ballot(poll_id=poll.id, voter=voter)
    return render_template(
        "web/poll.html",
        poll=poll,
        ballot_input=kind_named(poll.kind).ballot_input,
        ballot=ballot,
        form=ActionForm(),
        can_manage=service.may_manage(_user(), poll),
        needs_login=_user() is None and not poll.allow_anonymous,
        ranks=range(1, len(poll.choices) + 1),
        share_url=url_for("web.poll", poll_id=poll.id, _external=True),
    ), status


@bp.get("/p/<poll_id:poll_id>")
def poll(poll_id: str):
    """The share link: the question, the choices and the vote form (or the caller's ballot)."""
    return _render_poll(_poll_or_404(poll_id))


@bp.post("/p/<poll_id:poll_id>")
@limit_anonymous_votes
def vote(poll_id: str):
    """Cast a ballot from the vote form, then show the results."""
    poll = _poll_or_404(poll_id)
    try:
        voter = voter_cookies.voter(_user())
        service.cast_ballot(poll_id=poll.id, voter=voter, choice_ids=_submitted_ballot(poll))
    except LoginRequiredError:
        flash("Log in to vote in this poll.")
        return redirect(url_for("web.login", next=url_for("web.poll", poll_id=poll.id)))
    except InvalidBallotError as error:
        flash(f"Your vote was not counted: {error}.")
        return _render_poll(poll, 422)
    except (AlreadyVotedError, PollClosedError) as error:
        flash(f"Your vote was not counted: {error}.")
        return _render_poll(poll, 409)
    return redirect(url_for("web.results_page", poll_id=poll.id))


def _submitted_ballot(poll: Poll) -> list[int]:
    """The choice ids the vote form sent, ranked ones ordered by the rank given to each."""
    try:
        if kind_named(poll.kind).ballot_input != "rank":
            return [int(value) for value in request.form.getlist("choice")]
        ranked = {
            int(key.removeprefix("rank-")): int(value)
            for key, value in request.form.items()
            if key.startswith("rank-") and value
        }
    except ValueError as error:
        raise InvalidBallotError("choose from the choices shown") from error
    if len(set(ranked.values())) != len(ranked):
        raise InvalidBallotError("give each ranked choice a different rank")
    return sorted(ranked, key=ranked.get)


def _visible_results(poll: Poll) -> results.PollResults | None:
    voter = voter_cookies.known_voter(_user())
    try:
        return results.results(poll=poll, voter=voter, manages=service.may_manage(_user(), poll))
    except ResultsHiddenError:
        return None


@bp.get("/p/<poll_id:poll_id>/results")
def results_page(poll_id: str):
    """The results, updating by themselves (results.js polls results.json)."""
    poll = _poll_or_404(poll_id)
    counted = _visible_results(poll)
    leaders = set(counted.winners) if counted else set()
    return render_template("web/results.html", poll=poll, results=counted, leaders=leaders)


@bp.get("/p/<poll_id:poll_id>/results.json")
def results_json(poll_id: str):
    """The results for the page's live updates, with an ETag: unchanged results are a 304."""
    counted = _visible_results(_poll_or_404(poll_id))
    if counted is None:
        abort(403)
    response = jsonify(ResultsSchema().dump(counted))
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/me/polls")
@login_required
def my_polls():
    """The caller's polls, to close, delete or share."""
    polls = queries.owned_polls(owner_id=_user().id, page=_page(), per_page=PER_PAGE)
    return render_template("web/my_polls.html", polls=polls, form=ActionForm())


@bp.post("/p/<poll_id:poll_id>/close")
@login_required
def close_poll(poll_id: str):
    """Close a poll now (owner or admin)."""
    service.close_poll(poll=_managed_poll(poll_id))
    flash("The poll is closed.")
    return redirect(url_for("web.my_polls"))


@bp.post("/p/<poll_id:poll_id>/delete")
@login_required
def delete_poll(poll_id: str):
    """Delete a poll with its votes (owner or admin)."""
    service.delete_poll(poll=_managed_poll(poll_id))
    flash("The poll is deleted.")
    return redirect(url_for("web.my_polls"))
