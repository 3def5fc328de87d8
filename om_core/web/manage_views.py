"""Managing polls on the pages: the manage page with the share and admin links, a guest
poll's admin link, claiming it into an account, editing, closing, deleting, and "My polls"."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import login_required
from marshmallow import ValidationError

from om_core.api.poll.schemas import PollUpdateSchema
from om_core.data import Poll
from om_core.errors import InvalidPollError, PollClosedError, PollHasVotesError
from om_core.voting import queries, service
from om_core.web import poll_admin
from om_core.web.access import managed_poll, poll_or_404, signed_in_user
from om_core.web.blueprint import bp
from om_core.web.forms import ActionForm, EditPollForm, show_errors
from om_core.web.views import PER_PAGE, requested_page


@bp.get("/p/<poll_id:poll_id>/manage")
def manage_poll(poll_id: str):
    """What the poll's manager can do: share it, keep a guest poll's private admin link,
    claim it into their account, close or delete it."""
    poll = managed_poll(poll_id)
    admin_token = poll_admin.admin_token() if poll.owner_id is None else None
    return render_template(
        "web/manage.html",
        poll=poll,
        form=ActionForm(),
        share_url=url_for("web.poll", poll_id=poll.id, _external=True),
        qr_url=url_for("web.poll_qr", poll_id=poll.id),
        admin_url=admin_token
        and url_for("web.admin_link", poll_id=poll.id, admin_token=admin_token, _external=True),
    )


@bp.get("/p/<poll_id:poll_id>/admin/<admin_token>")
def admin_link(poll_id: str, admin_token: str):
    """A guest poll's private admin link: this browser manages the poll from now on."""
    poll = poll_or_404(poll_id)
    if not service.may_manage(None, poll, admin_token):
        abort(403)
    response = redirect(url_for("web.poll", poll_id=poll.id))
    return poll_admin.keep_admin_token(response, poll.id, admin_token)


@bp.post("/p/<poll_id:poll_id>/claim")
@login_required
def claim_poll(poll_id: str):
    """Move a guest poll this browser manages into the signed-in account."""
    poll = managed_poll(poll_id)
    if poll.owner_id is not None:
        abort(409)
    service.claim_poll(poll=poll, user=signed_in_user())
    flash("The poll is in your account now: find it under My polls.")
    response = redirect(url_for("web.manage_poll", poll_id=poll.id))
    return poll_admin.forget_admin_token(response, poll.id)


@bp.route("/p/<poll_id:poll_id>/edit", methods=["GET", "POST"])
def edit_poll(poll_id: str):
    """Change the question, description, closing time and who sees what; the choices too,
    while no one has voted. Checked by the API's own schema and the same service."""
    poll = managed_poll(poll_id)
    choices_frozen = poll.total_votes > 0
    form = EditPollForm()
    if not form.is_submitted():
        form.fill_from(poll)
    elif form.add_choice.data and not choices_frozen:
        form.choices.append_entry()
    elif form.validate_on_submit():
        try:
            changes = PollUpdateSchema().load(form.changes_for_schema(poll, not choices_frozen))
            service.update_poll(poll=poll, changes=changes)
        except ValidationError as error:
            show_errors(form, error.messages)
        except InvalidPollError as error:
            show_errors(form, {error.field: [str(error)]})
        except (PollHasVotesError, PollClosedError) as error:
            form.form_errors.append(f"Nothing was changed: {error}.")
        else:
            flash("Your changes are saved.")
            return redirect(url_for("web.manage_poll", poll_id=poll.id))
    heading = f"Edit “{poll.question}”"
    return render_template(
        "web/poll_form.html", form=form, poll=poll, heading=heading, choices_frozen=choices_frozen
    )


def confirm(poll: Poll, action: str, consequence: str, **page):
    """A page that asks before an action that cannot be undone (it works without JavaScript):
    "Close “Lunch?”?" by default, with a Cancel back to the manage page."""
    page.setdefault("title", f"{action} “{poll.question}”?")
    page.setdefault("cancel_url", url_for("web.manage_poll", poll_id=poll.id))
    return render_template(
        "web/confirm.html",
        poll=poll,
        form=ActionForm(),
        action=action,
        consequence=consequence,
        **page,
    )


@bp.route("/p/<poll_id:poll_id>/close", methods=["GET", "POST"])
def close_poll(poll_id: str):
    """Close a poll now (its manager), once confirmed."""
    poll = managed_poll(poll_id)
    if not ActionForm().validate_on_submit():
        return confirm(poll, "Close", "No one can vote after that; the results stay.")
    service.close_poll(poll=poll)
    flash("The poll is closed: no more votes.")
    return redirect(url_for("web.manage_poll", poll_id=poll.id))


@bp.route("/p/<poll_id:poll_id>/delete", methods=["GET", "POST"])
def delete_poll(poll_id: str):
    """Delete a poll with its votes (its manager), once confirmed."""
    poll = managed_poll(poll_id)
    if not ActionForm().validate_on_submit():
        consequence = "The poll, its votes and its results are gone for good."
        return confirm(poll, "Delete", consequence, destructive=True)
    service.delete_poll(poll=poll)
    flash("The poll is deleted.")
    if signed_in_user() is None:
        return redirect(url_for("web.index"))
    return redirect(url_for("web.my_polls"))


@bp.get("/me/polls")
@login_required
def my_polls():
    """The caller's polls, to close, delete or share."""
    polls = queries.owned_polls(
        owner_id=signed_in_user().id, page=requested_page(), per_page=PER_PAGE
    )
    return render_template("web/my_polls.html", polls=polls, form=ActionForm())
