"""Forms of the council. Lengths are checked again by the services, which give the messages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from ..forms import CheckboxesField
from . import labels


def _choices(options):
    return [SelectChoice(code, text) for code, text in options.items()]


class QuestionsForm(FlaskForm):
    question_1 = StringField(_l("Question 1"))
    question_2 = StringField(_l("Question 2 (optional)"))
    question_3 = StringField(_l("Question 3 (optional)"))


class KindForm(FlaskForm):
    kind = RadioField(_l("What kind of meeting"), choices=_choices(labels.KINDS), default="council")


class PracticalForm(FlaskForm):
    meeting_on = DateField(_l("Date"), validators=[Optional()])
    meeting_time = StringField(_l("Time"))
    place = StringField(_l("Place"))
    food = StringField(_l("Food"))
    interpreter = StringField(_l("Interpreter"))
    childcare = StringField(_l("Childcare"))
    invitation_words = TextAreaField(_l("Your words to the people you invite"))
    opening_words = TextAreaField(_l("Your opening words at the meeting"))


class InviteeForm(FlaskForm):
    entry_id = SelectField(_l("From your network map"), choices=[], validate_choice=False)
    name = StringField(_l("Or a first name or nickname"))


class InviteeDetailsForm(FlaskForm):
    contact = StringField(_l("How the coordinator reaches them (phone or e-mail)"))
    role = SelectField(_l("Role at the meeting"), choices=[SelectChoice("", _l("No special role"))]
                       + [SelectChoice(code, text) for code, text in labels.INVITEE_ROLES.items()])


class ChecklistForm(FlaskForm):
    contacted = BooleanField(_l("Contacted"))
    visited = BooleanField(_l("Visited"))
    answer = SelectField(_l("Answer"), choices=[SelectChoice("", _l("No answer yet"))]
                         + [SelectChoice(code, text) for code, text in labels.ANSWERS.items()])


class AnswerForm(FlaskForm):
    answer = RadioField(_l("Will you come?"), choices=_choices(labels.ANSWERS))


class AskStatementForm(FlaskForm):
    username = StringField(_l("The professional's user name"))
    questions = CheckboxesField(_l("On which questions"), choices=[], validate_choice=False)


class StatementForm(FlaskForm):
    text = TextAreaField(_l("Your statement"))


class DecideForm(FlaskForm):
    note = TextAreaField(_l("What should be changed (if you ask for changes)"))


class LineForm(FlaskForm):
    question_id = SelectField(_l("Under which question"), choices=[], validate_choice=False)
    what = StringField(_l("What will be done"))
    owner = SelectField(_l("Who does it"), choices=[], validate_choice=False)
    service_name = StringField(_l("Which service (if you ask a service)"))
    due_on = DateField(_l("By when"), validators=[Optional()])


class FinishForm(FlaskForm):
    follow_up_on = DateField(_l("Date of the follow-up meeting"), validators=[Optional()])
    decline_follow_up = BooleanField(_l("I do not want a follow-up meeting"))


class MarkForm(FlaskForm):
    mark = RadioField(_l("How it stands"), choices=[SelectChoice("", labels.UNMARKED)] + _choices(labels.LINE_MARKS),
                      default="")
