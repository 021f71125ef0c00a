"""Forms for scheduling, moving, agenda topics and notices of absence."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange, Optional
from wtforms.widgets import HiddenInput


class ScheduleForm(FlaskForm):
    first_date = DateField(_l("Date (first meeting)"), validators=[DataRequired()])
    start_time = TimeField(_l("Starts at"), validators=[DataRequired()])
    end_time = TimeField(_l("Ends at"), validators=[DataRequired()])
    recurrence = SelectField(_l("How often"), choices=[SelectChoice("once", _l("Once")),
                                                          SelectChoice("weekly", _l("Every week"))],
                             default="once")
    weeks = IntegerField(_l("Number of weeks (weekly meetings)"), default=12,
                         validators=[Optional(), NumberRange(1, 52)])
    online = BooleanField(_l("Online, in the group's chat room"))
    place = StringField(_l("Place"))


class MoveForm(FlaskForm):
    on_date = DateField(_l("Date"), validators=[DataRequired()])
    start_time = TimeField(_l("Starts at"), validators=[DataRequired()])
    end_time = TimeField(_l("Ends at"), validators=[DataRequired()])


class AgendaForm(FlaskForm):
    text = StringField(_l("Propose a topic"), validators=[DataRequired()])


class NoticeForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional; only you and the leaders see it)"))


class LogForm(FlaskForm):
    present = TextAreaField(_l("Who was present"))
    topics = TextAreaField(_l("Topics talked about"))
    decisions = TextAreaField(_l("Decisions"))
    rule_changes = TextAreaField(_l("Rule changes"))
    guests = TextAreaField(_l("Guests"))
    next_meeting = TextAreaField(_l("Next meeting"))
    follow_ups = TextAreaField(_l("Agreed follow-ups"))


class PublishForm(FlaskForm):
    """Publishing is for good: the writer confirms having read the version she publishes."""
    version = IntegerField(widget=HiddenInput(),
                           validators=[DataRequired(message=_l("Reload the page and read the log before publishing."))])
    confirm = BooleanField(_l("I have read this version through. It records topics and decisions, not what a "
                              "person shared."),
                           validators=[DataRequired(message=_l("Tick the box to confirm that you have read the log."))])


class RecorderForm(FlaskForm):
    recorder = SelectField(_l("Who writes the log"), coerce=int)


class RemovalForm(FlaskForm):
    passage = TextAreaField(_l("The passage about you (copy it as it stands)"), validators=[DataRequired()])
    note = TextAreaField(_l("Anything the recorder should know (optional)"))


class FeedbackForm(FlaskForm):
    week_score = IntegerField(_l("How has your week been? (1–10)"), validators=[Optional()])
    meeting_score = IntegerField(_l("How was this meeting for you? (1–10)"), validators=[Optional()])


class GuestForm(FlaskForm):
    username = StringField(_l("The professional's guest code"), validators=[DataRequired()])
    reason = TextAreaField(_l("Why invite them (optional)"))
