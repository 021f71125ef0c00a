"""Forms of the network map, the plan and "when it gets hard". Every field may be left empty."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ..forms import CheckboxesField
from . import labels


def _radio(label, options, empty=labels.NOT_CHOSEN):
    return RadioField(label, choices=_choices(options, empty), default="", validators=[Optional()])


def _choices(options, empty=None):
    found = [SelectChoice(code, text) for code, text in options.items()]
    return ([SelectChoice("", empty)] if empty is not None else []) + found


def _number_or_none(value):
    return int(value) if value not in (None, "", "None") and str(value).isdigit() else None


class EntryForm(FlaskForm):
    name = StringField(labels.FIELDS["name"], validators=[Length(max=60)])
    is_group = BooleanField(_l("This is a group (for example my NA group, colleagues)"))
    circle = _radio(labels.FIELDS["circle"], labels.CIRCLES)
    sphere = _radio(labels.FIELDS["sphere"], labels.SPHERES)
    gives = CheckboxesField(labels.FIELDS["gives"], choices=_choices(labels.GIVES), validators=[Optional()])
    concrete_help = StringField(labels.FIELDS["concrete_help"], validators=[Length(max=500)])
    reciprocal = BooleanField(labels.FIELDS["reciprocal"])
    contact = _radio(labels.FIELDS["contact"], labels.CONTACT)
    reconnect = BooleanField(labels.FIELDS["reconnect"])
    effect = _radio(labels.FIELDS["effect"], labels.EFFECTS)
    uses_substances = _radio(labels.FIELDS["uses_substances"], labels.USES)
    wish = _radio(labels.FIELDS["wish"], labels.WISHES)
    council_invitee = BooleanField(labels.MARKERS["council_invitee"])
    can_call = BooleanField(labels.MARKERS["can_call"])
    after_discharge = BooleanField(labels.MARKERS["after_discharge"])
    note = TextAreaField(labels.FIELDS["note"], validators=[Length(max=2000)])


class ThenForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it only chooses what to look at

    on = DateField(_l("The map on"), validators=[Optional()])


class AreaForm(FlaskForm):
    title = StringField(_l("Name of the area"), validators=[Length(max=80)])
    where_now = TextAreaField(_l("Where I am now"), validators=[Length(max=2000)])
    wanted = TextAreaField(_l("What I want"), validators=[Length(max=2000)])


class OwnAreaForm(FlaskForm):
    title = StringField(_l("Name of the area"), validators=[Length(max=80)])


class StepForm(FlaskForm):
    what = StringField(_l("What"), validators=[Length(max=500)])
    helper = _radio(_l("Who helps"), labels.STEP_HELPERS)
    helper_entry_id = SelectField(_l("Who from my map"), coerce=_number_or_none,
                                  validators=[Optional()], validate_choice=False)
    helper_name = StringField(_l("Which service, or who"), validators=[Length(max=80)])
    due_on = DateField(_l("By when"), validators=[Optional()])
    status = _radio(_l("How it stands"), labels.STEP_STATES, labels.STEP_UNMARKED)


class StatusForm(FlaskForm):
    status = _radio(_l("How it stands"), labels.STEP_STATES, labels.STEP_UNMARKED)


class HardTimesForm(FlaskForm):
    message = TextAreaField(_l("My message, in my own words"), validators=[Length(max=600)])
    callers = CheckboxesField(_l("Whom I would send it to"), coerce=int, validators=[Optional()],
                              validate_choice=False)
