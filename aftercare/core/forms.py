"""Forms for the shared pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=[("en", "English"), ("nb", "Norsk bokmål")])
    next = HiddenField()
