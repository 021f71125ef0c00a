"""Forms for the shared pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=[SelectChoice("en", "English"), SelectChoice("nb", "Norsk bokmål")])
    next = HiddenField()
