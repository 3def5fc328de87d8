"""A voter's own ballot on the pages: change it or withdraw it while the poll is open."""

from flask import flash, redirect, render_template, url_for

from om_core.errors import InvalidBallotError, NoBallotError, PollClosedError
from om_core.plumbing import voter_cookies
from om_core.voting import service
from om_core.web.access import poll_or_404, signed_in_user
from om_core.web.blueprint import bp
from om_core.web.forms import ActionForm
from om_core.web.manage_views import confirm
from om_core.web.views import ballot_input_of, ballot_of, picks_of, picks_sent


def _back_to_poll(poll_id: str, message: str):
    flash(message)
    return redirect(url_for("web.poll", poll_id=poll_id))


@bp.route("/p/<poll_id:poll_id>/ballot", methods=["GET", "POST"])
def change_ballot(poll_id: str):
    """The vote form with the caller's ballot picked; sending it replaces the ballot."""
    poll = poll_or_404(poll_id)
    voter = voter_cookies.known_voter(signed_in_user())
    ballot = service.get_ballot(poll_id=poll.id, voter=voter)
    if ballot is None:
        return _back_to_poll(poll.id, "You have no vote in this poll to change.")
    picks, problem = picks_of(ballot.choices), None
    if ActionForm().validate_on_submit():
        try:
            picks = picks_sent(poll)
            service.replace_ballot(poll_id=poll.id, voter=voter, choice_ids=ballot_of(picks))
        except InvalidBallotError as error:
            problem = f"Your vote was not changed: {error}."
        except (NoBallotError, PollClosedError) as error:
            return _back_to_poll(poll.id, f"Your vote was not changed: {error}.")
        else:
            flash("Your vote is changed.")
            return redirect(url_for("web.results_page", poll_id=poll.id))
    return render_template(
        "web/ballot.html",
        poll=poll,
        picks=picks,
        problem=problem,
        form=ActionForm(),
        **ballot_input_of(poll),
    )


@bp.route("/p/<poll_id:poll_id>/ballot/withdraw", methods=["GET", "POST"])
def withdraw_ballot(poll_id: str):
    """Withdraw the caller's ballot, once confirmed: it no longer counts."""
    poll = poll_or_404(poll_id)
    voter = voter_cookies.known_voter(signed_in_user())
    if not ActionForm().validate_on_submit():
        return confirm(
            poll,
            "Withdraw",
            "Your vote stops counting. You can vote again while the poll is open.",
            title="Withdraw your vote?",
            cancel_url=url_for("web.poll", poll_id=poll.id),
        )
    try:
        if voter is None:
            raise NoBallotError("you have no ballot in this poll")
        service.withdraw_ballot(poll_id=poll.id, voter=voter)
    except (NoBallotError, PollClosedError) as error:
        return _back_to_poll(poll.id, f"Nothing was withdrawn: {error}.")
    return _back_to_poll(poll.id, "Your vote is withdrawn.")
