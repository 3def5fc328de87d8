"""The results page, its JSON and its CSV file.

The page updates itself: results.js asks for this same page again with the ETag of its last
answer (an empty 304 while nothing changed) and swaps in its results section. So the order,
the outcome sentence and "Your vote" are written once, here and in the template, and read
the same with or without JavaScript. results.json stays for other clients (docs/api.md).
"""

from flask import Response, abort, jsonify, make_response, render_template, request

from om_core.api.poll.schemas import ResultsSchema, results_csv
from om_core.data import Poll
from om_core.errors import ResultsHiddenError
from om_core.plumbing import voter_cookies
from om_core.voting import outcome, results, service
from om_core.voting.registry import kind_named
from om_core.voting.voter import Voter
from om_core.web.access import can_manage, poll_or_404, signed_in_user
from om_core.web.blueprint import bp
from om_core.web.views import picks_of


def _visible_results(poll: Poll, voter: Voter | None) -> results.PollResults | None:
    try:
        return results.results(poll=poll, voter=voter, manages=can_manage(poll))
    except ResultsHiddenError:
        return None


def _my_ranks(poll: Poll, voter: Voter | None) -> dict[int, int]:
    """The caller's ballot as {choice id: its rank on the ballot}; empty without one."""
    ballot = service.get_ballot(poll_id=poll.id, voter=voter) if voter else None
    return picks_of(ballot.choices) if ballot else {}


def _shown(poll: Poll, counted: results.PollResults, voter: Voter | None) -> dict:
    """What the template shows of visible results, worked out here."""
    ballot_input = kind_named(poll.kind).ballot_input
    return {
        "sentence": outcome.sentence(
            counted, is_open=poll.is_open, picks_many=ballot_input == "many"
        ),
        "lines": outcome.standing(counted),
        "winners": set(counted.winners),
        "mine": _my_ranks(poll, voter),
        "ranked": ballot_input == "rank",
        "picks_many": ballot_input == "many",
        "runoff": outcome.runoff(counted, is_open=poll.is_open),
    }


@bp.get("/p/<poll_id:poll_id>/results")
def results_page(poll_id: str):
    """The results, with an ETag: results.js asks again every 2 seconds, and unchanged
    results are an empty 304."""
    poll = poll_or_404(poll_id)
    voter = voter_cookies.known_voter(signed_in_user())
    counted = _visible_results(poll, voter)
    shown = _shown(poll, counted, voter) if counted else {}
    response = make_response(
        render_template("web/results.html", poll=poll, results=counted, **shown)
    )
    response.headers["Cache-Control"] = "private, no-cache"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/p/<poll_id:poll_id>/results.json")
def results_json(poll_id: str):
    """The results as the API shapes them, with an ETag: unchanged results are a 304."""
    poll = poll_or_404(poll_id)
    counted = _visible_results(poll, voter_cookies.known_voter(signed_in_user()))
    if counted is None:
        abort(403)
    response = jsonify(ResultsSchema().dump(counted))
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/p/<poll_id:poll_id>/results.csv")
def results_csv_file(poll_id: str):
    """The results as a CSV file to download, for whoever may see them."""
    poll = poll_or_404(poll_id)
    counted = _visible_results(poll, voter_cookies.known_voter(signed_in_user()))
    if counted is None:
        abort(403)
    return Response(
        results_csv(counted),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="poll-{poll.id}-results.csv"'},
    )
