"""Group forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerField, RadioField, SelectField, StringField, \
    TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..forms import CheckboxesField
from .models import RETENTION_CHOICES

KIND_CHOICES = [SelectChoice("self_help", _l("Self-help group (the members run it)")),
                SelectChoice("support", _l("Support group (led by staff or volunteers)"))]
INTAKE_CHOICES = [SelectChoice("closed", _l("Closed: new members only by invitation")),
                  SelectChoice("open", _l("Open: people can join the waiting list by invitation link"))]
CONSENT_CHOICES = [SelectChoice("majority", _l("A majority of members votes yes")),
                   SelectChoice("no_objection", _l("Adopted if nobody objects within a set number of days"))]
VOTE_CHOICES = [SelectChoice("secret", _l("Secret: members see only how many voted yes, no or objected")),
                SelectChoice("named", _l("By name: members see who voted what"))]
# Language names are written in their own language, as in the language switcher.
LANGUAGE_CHOICES = [SelectChoice("nb", "Norsk bokmål"), SelectChoice("en", "English")]
RETENTION = [SelectChoice(str(days), _l("%(n)d days", n=days)) for days in RETENTION_CHOICES]


class GroupForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(min=2, max=80)])
    purpose = TextAreaField(_l("Purpose"), validators=[DataRequired(), Length(min=10, max=2000)])
    kind = SelectField(_l("Kind of group"), choices=KIND_CHOICES)
    language = SelectField(_l("The group's language"), choices=LANGUAGE_CHOICES, default="nb")
    capacity = IntegerField(_l("Places"), default=10, validators=[DataRequired(), NumberRange(2, 50)])
    intake = SelectField(_l("Intake"), choices=INTAKE_CHOICES)
    meeting_rhythm = StringField(_l("Meeting rhythm (for example “every Tuesday 18:00”)"),
                                 validators=[Optional(), Length(max=120)])
    meeting_minutes = IntegerField(_l("Meeting length in minutes"), default=90,
                                   validators=[DataRequired(), NumberRange(15, 480)])
    planned_end = DateField(_l("Planned end (optional)"), validators=[Optional()])
    audience = StringField(_l("Audience (optional, for example “women only”)"), validators=[Optional(), Length(max=120)])
    chat_retention_days = SelectField(_l("Keep chat messages for"), choices=RETENTION, default="90")
    consent_method = SelectField(_l("How the group adopts rules"), choices=CONSENT_CHOICES)
    objection_days = IntegerField(_l("Days to object (for “nobody objects”)"), default=7,
                                  validators=[Optional(), NumberRange(1, 60)])
    votes = RadioField(_l("Votes on rules"), choices=VOTE_CHOICES, default="secret")
    floor_only_in_meetings = BooleanField(_l("During live meetings only the person with the floor and the leaders post"))
    leaders = CheckboxesField(_l("First leader(s) — two is the norm"), coerce=int)
    leader_usernames = StringField(_l("Or leaders' user names, as they told you (separate them with commas)"),
                                   validators=[Optional(), Length(max=450)],
                                   render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"})

    def validate_leaders(self, field):
        from wtforms.validators import StopValidation

        if not field.data and not (self.leader_usernames.data or "").strip():
            raise StopValidation(_l("Appoint at least one leader."))


class SettingsForm(FlaskForm):
    chat_retention_days = SelectField(_l("Keep chat messages for"), choices=RETENTION)
    floor_only_in_meetings = BooleanField(_l("During live meetings only the person with the floor and the leaders post"))


class PurposeForm(FlaskForm):
    purpose = TextAreaField(_l("Purpose"), validators=[DataRequired(), Length(min=10, max=2000)])


class InvitePersonForm(FlaskForm):
    invitee = SelectField(_l("Someone from your other groups"), coerce=int, validators=[DataRequired()])


class InviteByUsernameForm(FlaskForm):
    username = StringField(_l("Their user name, as they told you"), validators=[DataRequired(), Length(max=60)],
                           render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"})


class RemoveForm(FlaskForm):
    reason = TextAreaField(_l("Reason (the member sees it)"), validators=[DataRequired(), Length(min=3, max=500)])


class ProposalForm(FlaskForm):
    kind = RadioField(_l("I propose"), choices=[SelectChoice("add", _l("a new rule")),
                                                SelectChoice("change", _l("a change to a rule")),
                                                SelectChoice("remove", _l("to remove a rule"))], default="add")
    rule_id = SelectField(_l("Which rule (for a change or removal)"), coerce=int, validators=[Optional()])
    text = TextAreaField(_l("The rule as it should read"), validators=[Optional(), Length(max=500)])


class MethodProposalForm(FlaskForm):
    new_method = SelectField(_l("How the group should adopt rules"), choices=CONSENT_CHOICES)
    objection_days = IntegerField(_l("Days to object (for “nobody objects”)"), default=7,
                                  validators=[Optional(), NumberRange(1, 60)])


class VoteForm(FlaskForm):
    choice = HiddenField(validators=[DataRequired()])


class PhaseForm(FlaskForm):
    phase = HiddenField(validators=[DataRequired()])
