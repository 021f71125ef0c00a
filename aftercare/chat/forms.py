"""The chat's plain form, used when JavaScript is off."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from .models import MAX_BODY


class MessageForm(FlaskForm):
    client_id = HiddenField(validators=[DataRequired()])
    body = TextAreaField(_l("Message"), validators=[DataRequired(message=_l("Write something before sending.")),
                                                    Length(max=MAX_BODY)])
