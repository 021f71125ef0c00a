"""Forms for scheduling, moving, agenda topics and notices of absence."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange, Optional


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
