"""Account forms: register, log in, settings, password, e-mail, delete."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from .passwords import MAX_LENGTH


class RegisterForm(FlaskForm):
    username = StringField(_l("User name (to log in, not shown to others)"),
                           validators=[DataRequired(), Length(min=3, max=40)],
                           render_kw={"autocomplete": "username", "autocapitalize": "none"})
    display_name = StringField(_l("Display name (what others see — a first name or a nickname)"),
                               validators=[DataRequired(), Length(min=2, max=60)],
                               render_kw={"autocomplete": "nickname"})
    password = PasswordField(_l("Password (at least 8 characters)"),
                             validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "new-password"})
    real_name = StringField(_l("Real name (optional, private)"), validators=[Optional(), Length(max=120)],
                            render_kw={"autocomplete": "name"})
    phone = StringField(_l("Phone number (optional, private)"), validators=[Optional(), Length(max=30)],
                        render_kw={"autocomplete": "tel", "inputmode": "tel"})


class LoginForm(FlaskForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=40)],
                           render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})


class SettingsForm(FlaskForm):
    display_name = StringField(_l("Display name"), validators=[DataRequired(), Length(min=2, max=60)])
    real_name = StringField(_l("Real name (optional, private)"), validators=[Optional(), Length(max=120)])
    phone = StringField(_l("Phone number (optional, private)"), validators=[Optional(), Length(max=30)],
                        render_kw={"inputmode": "tel"})
    locale = SelectField(_l("Language"), choices=[SelectChoice("", _l("Same as my browser")),
                                                  SelectChoice("en", "English"), SelectChoice("nb", "Norsk bokmål")])


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password (at least 8 characters)"),
                                 validators=[DataRequired(), Length(max=MAX_LENGTH)],
                                 render_kw={"autocomplete": "new-password"})


class DeleteAccountForm(FlaskForm):
    messages = RadioField(_l("Your messages in group chats"), default="keep", choices=[
        SelectChoice("keep", _l("Keep them, shown as from “Deleted member”, so the conversations still make sense")),
        SelectChoice("delete", _l("Delete them"))])
    password = PasswordField(_l("Your password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})
    confirm = BooleanField(_l("I understand that my account and my personal details are deleted for good."),
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)],
                       render_kw={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"})


class PasswordAndCodeForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    code = StringField(_l("Code from your app"), validators=[DataRequired(), Length(max=40)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class EnrolForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class EmailSettingsForm(FlaskForm):
    email = StringField(_l("E-mail address (optional, private)"), validators=[Optional(), Length(max=254)],
                        render_kw={"type": "email", "autocomplete": "email", "autocapitalize": "none",
                                   "spellcheck": "false"})
    digest = BooleanField(_l("Send me a daily e-mail when I have new notifications"))


class ForgotPasswordForm(FlaskForm):
    identifier = StringField(_l("Your user name or e-mail address"), validators=[DataRequired(), Length(max=254)],
                             render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})


class NewPasswordForm(FlaskForm):
    new_password = PasswordField(_l("New password (at least 8 characters)"),
                                 validators=[DataRequired(), Length(max=MAX_LENGTH)],
                                 render_kw={"autocomplete": "new-password"})


class IssueResetForm(FlaskForm):
    username = StringField(_l("The person's user name"), validators=[DataRequired(), Length(max=40)],
                           render_kw={"autocapitalize": "none", "spellcheck": "false"})


class InvitationMailForm(FlaskForm):
    token = HiddenField(validators=[DataRequired(), Length(max=100)])
    email = StringField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)],
                        render_kw={"type": "email", "autocomplete": "off", "autocapitalize": "none",
                                   "spellcheck": "false"})
    locale = SelectField(_l("Language of the e-mail"), choices=[SelectChoice("nb", "Norsk bokmål"),
                                                                SelectChoice("en", "English")])
