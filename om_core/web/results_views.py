"""The results page, which updates by itself (results.js asks results.json), and its JSON."""

from flask import abort, jsonify, render_template, request

from om_core.api.poll.schemas import ResultsSchema
from om_core.data import Poll
from om_core.errors import ResultsHiddenError
from om_core.plumbing import voter_cookies
from om_core.voting import results
from om_core.web.access import can_manage, poll_or_404, signed_in_user
from om_core.web.blueprint import bp


def _visible_results(poll: Poll) -> results.PollResults | None:
    voter = voter_cookies.known_voter(signed_in_user())
    try:
        return results.results(poll=poll, voter=voter, manages=can_manage(poll))
    except ResultsHiddenError:
        return None


@bp.get("/p/<poll_id:poll_id>/results")
def results_page(poll_id: str):
    """The results, updating by themselves (results.js polls results.json)."""
    poll = poll_or_404(poll_id)
    counted = _visible_results(poll)
    leaders = set(counted.winners) if counted else set()
    return render_template("web/results.html", poll=poll, results=counted, leaders=leaders)


@bp.get("/p/<poll_id:poll_id>/results.json")
def results_json(poll_id: str):
    """The results for the page's live updates, with an ETag: unchanged results are a 304."""
    counted = _visible_results(poll_or_404(poll_id))
    if counted is None:
        abort(403)
    response = jsonify(ResultsSchema().dump(counted))
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)
