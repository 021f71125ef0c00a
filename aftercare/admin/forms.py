"""Admin forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.fields.choices import SelectChoice

from ..accounts.labels import EMPLOYER_KINDS, ROLE_LABELS
from ..forms import CheckboxesField
from ..accounts.models import Role


def _role_choices():
    return [SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()]


class InvitationForm(FlaskForm):
    roles = CheckboxesField(_l("Account kinds"), choices=_role_choices(), default=[Role.PARTICIPANT.value],
                            validators=[DataRequired(message=_l("Choose at least one account kind."))])
    label = StringField(_l("Private note for yourself (optional, the person does not see it)"),
                        validators=[Optional(), Length(max=120)])
    days = IntegerField(_l("Valid for (days)"), default=7, validators=[DataRequired(), NumberRange(min=1, max=30)])


class RolesForm(FlaskForm):
    roles = CheckboxesField(_l("Account kinds"), choices=_role_choices(),
                            validators=[DataRequired(message=_l("An account needs at least one kind."))])


class HelplineForm(FlaskForm):
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=120)])
    name_nb = StringField(_l("Name in Norwegian"), validators=[DataRequired(), Length(max=120)])
    phone = StringField(_l("Phone number"), validators=[DataRequired(), Length(max=30)])
    description_en = TextAreaField(_l("Description in English"), validators=[Optional(), Length(max=1000)])
    description_nb = TextAreaField(_l("Description in Norwegian"), validators=[Optional(), Length(max=1000)])
    position = IntegerField(_l("Position in the list"), default=0, validators=[Optional(), NumberRange(0, 999)])


class CouncilOrganisationForm(FlaskForm):
    """What a main person is shown about a council coordinator before she chooses them."""
    organisation = StringField(_l("Organisation"), validators=[Length(max=120)])


class VerificationForm(FlaskForm):
    """What members are told about a professional before they vote on them as a guest."""
    profession = StringField(_l("Profession (e.g. social worker, nurse, psychologist)"),
                             validators=[DataRequired(message=_l("Write the professional's profession.")),
                                         Length(max=80)])
    employer_kind = SelectField(_l("Kind of employer"), choices=[SelectChoice("", _l("Choose…"))] + [SelectChoice(value, label) for value, label in EMPLOYER_KINDS.items()],
                                validators=[DataRequired(message=_l("Choose the kind of employer."))])
