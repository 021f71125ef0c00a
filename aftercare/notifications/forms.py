"""The choices form: what comes as a push, quiet hours, the lock screen's detail."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice

from ..forms import CheckboxesField
from .choices import CHOSEN_CATEGORIES, time_zones

CATEGORY_LABELS = {
    "group": _l("My groups: invitations, votes, reports, logs"),
    "meetings": _l("Meetings: new, moved or cancelled, reminders"),
    "time_giver": _l("Time-giver: suggestions, answers, pairings"),
    "network": _l("Network map and network council"),
}


def _hours():
    return [SelectChoice(hour, f"{hour:02d}:00") for hour in range(24)]


class ChoicesForm(FlaskForm):
    categories = CheckboxesField(_l("Send a push for"), coerce=str,
                                 choices=[SelectChoice(c, CATEGORY_LABELS[c]) for c in CHOSEN_CATEGORIES])
    quiet_from = SelectField(_l("Quiet from"), coerce=int, choices=_hours())
    quiet_until = SelectField(_l("Quiet until"), coerce=int, choices=_hours())
    time_zone = SelectField(_l("Time zone"))
    show_detail = BooleanField(_l("Show what it is about on the lock screen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = [SelectChoice(name, name) for name in time_zones()]

    @classmethod
    def of(cls, choices, formdata=None):
        form = cls(formdata=formdata)
        if formdata is None:
            form.categories.data = [c for c in CHOSEN_CATEGORIES if getattr(choices, "push_" + c)]
            form.quiet_from.data, form.quiet_until.data = choices.quiet_from, choices.quiet_until
            form.time_zone.data, form.show_detail.data = choices.time_zone, choices.show_detail
        return form
