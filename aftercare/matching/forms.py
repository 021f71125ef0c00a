"""Forms for applying, asking, vetting, proposing and the match's life. The services check the content."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ..forms import CheckboxesField as SharedCheckboxesField
from .vocabulary import (ACTIVITIES, DEFAULT_SHARED_WITH_COORDINATOR, DEFAULT_SHARED_WITH_TIME_GIVER, GENDERS,
                         LANGUAGES, SHAREABLE_WITH_COORDINATOR, SHAREABLE_WITH_TIME_GIVER, SLOT_KEYS)


class CheckboxesField(SharedCheckboxesField):
    """Checkboxes; unknown values reach the service, which says clearly what is wrong."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, **kwargs)


def _choices(labels):
    return [SelectChoice(key, label) for key, label in labels.items()]


def _gender_choices(blank):
    return [SelectChoice("", blank)] + _choices(GENDERS)


class _ProfileFields(FlaskForm):
    """What volunteers and participants both describe: activities, interests, place, weekly times."""

    activities = CheckboxesField(_l("Activities"), choices=_choices(ACTIVITIES))
    other_activities = StringField(_l("Other activities (optional, separate them with commas)"),
                                   validators=[Optional(), Length(max=600)])
    interests = StringField(_l("Interests (optional, separate them with commas)"),
                            validators=[Optional(), Length(max=600)])
    area = StringField(_l("Municipality"), validators=[Length(max=80)], render_kw={"autocomplete": "address-level2"})
    district = StringField(_l("District or part of town (optional)"), validators=[Optional(), Length(max=80)])
    availability = CheckboxesField(_l("When are you usually free?"), choices=list(SLOT_KEYS))


class TimeGiverForm(_ProfileFields):
    motivation = TextAreaField(_l("Why would you like to be a time-giver?"), validators=[Length(max=2000)])
    languages = CheckboxesField(_l("Languages you speak"), choices=_choices(LANGUAGES))
    capacity = SelectField(_l("How many participants can you follow at a time?"), default="1",
                           choices=[SelectChoice("1", "1"), SelectChoice("2", "2"), SelectChoice("3", "3")],
                           validate_choice=False)
    gender = SelectField(_l("Gender (optional)"), choices=_gender_choices(_l("Prefer not to say")),
                         validate_choice=False)
    boundaries = TextAreaField(_l("Your boundaries (optional)"), validators=[Optional(), Length(max=1000)])
    contact_for_coordinators = StringField(_l("How may a coordinator contact you?"),
                                           render_kw={"autocapitalize": "none", "spellcheck": "false"})
    declaration = BooleanField(_l("I have read the confidentiality declaration and I sign it."))

    def load(self, time_giver):
        """Fill the form with a saved profile: listed activities ticked, free ones and interests as text."""
        for name in ("motivation", "languages", "area", "district", "availability", "boundaries",
                     "contact_for_coordinators"):
            self[name].data = getattr(time_giver, name)
        self.activities.data = [a for a in time_giver.activities if a in ACTIVITIES]
        self.other_activities.data = ", ".join(a for a in time_giver.activities if a not in ACTIVITIES)
        self.interests.data = ", ".join(time_giver.interests)
        self.capacity.data = str(time_giver.capacity)
        self.gender.data = time_giver.gender or ""

    def profile_data(self):
        return {name: self[name].data for name in (
            "motivation", "interests", "activities", "other_activities", "languages", "area", "district",
            "availability", "capacity", "gender", "boundaries", "contact_for_coordinators")}


class RequestForm(_ProfileFields):
    wishes = TextAreaField(_l("What would you like to do with a time-giver?"),
                           validators=[Optional(), Length(max=1000)])
    availability = CheckboxesField(_l("When are you usually free? (optional)"), choices=list(SLOT_KEYS))
    languages = CheckboxesField(_l("Languages you would like to speak (optional; none ticked means any)"),
                                choices=_choices(LANGUAGES))
    preferred_gender = SelectField(_l("Would you like a time-giver of a certain gender?"),
                                   choices=_gender_choices(_l("No preference")), validate_choice=False)
    avoid_names = StringField(_l("Names of people you know from before (optional, separate them with commas)"),
                              validators=[Optional(), Length(max=600)])
    avoid_note = TextAreaField(_l("Or describe who you would rather not meet (optional)"),
                               validators=[Optional(), Length(max=500)])
    avoid_own_neighbourhood = BooleanField(_l("Not a time-giver from my own neighbourhood"))
    shared_with_coordinator = CheckboxesField(_l("The coordinator may see"),
                                              choices=_choices(SHAREABLE_WITH_COORDINATOR),
                                              default=list(DEFAULT_SHARED_WITH_COORDINATOR))
    shared_with_time_giver = CheckboxesField(_l("A time-giver you say yes to may see"),
                                             choices=_choices(SHAREABLE_WITH_TIME_GIVER),
                                             default=list(DEFAULT_SHARED_WITH_TIME_GIVER))

    def request_data(self):
        return {name: self[name].data for name in (
            "wishes", "activities", "other_activities", "interests", "languages", "area", "district",
            "availability", "preferred_gender", "avoid_names", "avoid_note", "avoid_own_neighbourhood",
            "shared_with_coordinator", "shared_with_time_giver")}


class VettingForm(FlaskForm):
    interview_on = DateField(_l("Interview held on"), validators=[Optional()])
    training_on = DateField(_l("Training completed on"), validators=[Optional()])
    certificate_seen_on = DateField(_l("Police certificate seen on"), validators=[Optional()])
    certificate_expires_on = DateField(_l("Police certificate valid until"), validators=[Optional()])


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Reason (the applicant reads it)"), validators=[Length(max=1000)])


class MeetUpForm(FlaskForm):
    met_on = DateField(_l("Date"), validators=[Optional()])
    activity = StringField(_l("What did you do?"), validators=[Length(max=80)],
                           render_kw={"list": "activity-suggestions"})
    private_note = TextAreaField(_l("How was it? (optional — only you can ever read this)"),
                                 validators=[Optional(), Length(max=2000)])


class EndMatchForm(FlaskForm):
    farewell = TextAreaField(_l("A few words of goodbye (optional — only the other person reads them)"),
                             validators=[Optional(), Length(max=500)])
