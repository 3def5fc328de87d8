"""Sign up, log in, log out and the account page: sessions by Flask-Login cookies, forms
with CSRF tokens, checked by the API's own schemas."""

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user
from marshmallow import ValidationError

from om_core.accounts import service as accounts
from om_core.api.user.schemas import MeUpdateSchema, UserCreateSchema
from om_core.errors import EmailTakenError, InvalidCredentialsError, WrongPasswordError
from om_core.extensions import login_manager
from om_core.plumbing.rate_limits import limit_login, limit_registration
from om_core.web.access import signed_in_user
from om_core.web.blueprint import bp
from om_core.web.forms import (
    ActionForm,
    LoginForm,
    PasswordForm,
    ProfileForm,
    RegisterForm,
    show_errors,
)


@login_manager.user_loader
def load_user(session_id: str):
    """The signed-in user of a session: the account must exist, be active, and not have
    ended its sessions since (logout, new password)."""
    user_id, _, version = session_id.partition(".")
    user = accounts.get_user(int(user_id)) if user_id.isdigit() else None
    if user is None or not user.active or str(user.session_version) != version:
        return None
    return user


def _next_page() -> str:
    """Where to go after logging in: the `next` page if it is on this site, else home."""
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return url_for("web.index")


@bp.route("/register", methods=["GET", "POST"])
@limit_registration
def register():
    """Sign up, validated by the API's own registration schema, then signed in."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            fields = UserCreateSchema().load(form.data_for_schema())
            user = accounts.register(**fields)
        except ValidationError as error:
            show_errors(form, error.messages)
        except EmailTakenError:
            show_errors(form, {"email": ["An account with this email already exists."]})
        else:
            login_user(user)
            flash("Welcome! Your account is ready.")
            return redirect(_next_page())
    return render_template("web/register.html", form=form)  # with its messages, if any


@bp.route("/login", methods=["GET", "POST"])
@limit_login
def login():
    """Log in with email and password; every failure reads the same."""
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                email=(form.email.data or "").strip(), password=form.password.data or ""
            )
        except InvalidCredentialsError:
            form.form_errors.append("Invalid email or password.")
        else:
            login_user(user)
            return redirect(_next_page())
    return render_template("web/login.html", form=form)  # a failed login shows its message


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """Log out: a POST with a CSRF token (GET shows the button), so no link can log you out."""
    form = ActionForm()
    if form.validate_on_submit():
        user = signed_in_user()
        if user is not None:
            accounts.end_sessions(user=user)
        logout_user()
        flash("You are logged out.")
        return redirect(url_for("web.index"))
    return render_template("web/logout.html", form=form)


def _account_page(profile: ProfileForm | None = None, password: PasswordForm | None = None):
    user = signed_in_user()
    if profile is None:
        profile = ProfileForm(formdata=None, obj=user)
    return render_template(
        "web/account.html",
        user=user,
        profile=profile,
        password=password or PasswordForm(formdata=None),
        form=ActionForm(),
    )


@bp.route("/me", methods=["GET", "POST"])
@login_required
def account():
    """The account page: name and surname (POST), a new password, signing out everywhere."""
    form = ProfileForm()
    if not form.validate_on_submit():
        return _account_page()
    try:
        changes = MeUpdateSchema().load(form.data_for_schema())
    except ValidationError as error:
        show_errors(form, error.messages)
        return _account_page(profile=form)
    accounts.update_profile(user=signed_in_user(), changes=changes, keep_token_id=None)
    flash("Your name is saved.")
    return redirect(url_for("web.account"))


@bp.post("/me/password")
@login_required
def change_password():
    """A new password, given the current one. It ends every other session and API token;
    this browser stays signed in."""
    form = PasswordForm()
    user = signed_in_user()
    try:
        fields = MeUpdateSchema().load(form.data_for_schema())
        current = fields.pop("current_password", "")
        accounts.update_profile(
            user=user, changes=fields, current_password=current, keep_token_id=None
        )
    except ValidationError as error:
        show_errors(form, error.messages)
        return _account_page(password=form)
    except WrongPasswordError:
        show_errors(form, {"current_password": ["The current password is not right."]})
        return _account_page(password=form)
    login_user(user)  # this browser's session, under the account's new session version
    flash("Your password is changed; other browsers and API tokens are signed out.")
    return redirect(url_for("web.account"))


@bp.post("/me/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """End every session of the account, this one included, and revoke its API tokens."""
    accounts.sign_out_everywhere(user=signed_in_user())
    logout_user()
    flash("You are signed out everywhere.")
    return redirect(url_for("web.index"))
