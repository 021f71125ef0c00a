"""Referral forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..accounts.forms import RegisterForm


class ReferralForm(FlaskForm):
    wants = SelectField(_l("What the person would like"), choices=[
        SelectChoice("", _l("Not said")), SelectChoice("group", _l("A group")),
        SelectChoice("time_giver", _l("A time-giver")), SelectChoice("either", _l("A group or a time-giver"))])
    note = TextAreaField(_l("Note to the coordinator (optional)"), validators=[Optional(), Length(max=1000)])


class CodeForm(FlaskForm):
    code = StringField(_l("Referral code"), validators=[DataRequired(), Length(max=40)],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})


class RedeemForm(RegisterForm):
    """The ordinary registration form; the code travels in the address."""


class ShareForm(FlaskForm):
    tell_referrer = BooleanField(_l("Let my referrer know I started"))
