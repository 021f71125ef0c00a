"""Key rotation for the encrypted texts of these tools."""
from sqlalchemy import select, type_coerce
from sqlalchemy.types import Text

from ...extensions import db
from ..crypto import EncryptedJSON, EncryptedText, Sealed, rotate
from ..models import HardTimesMessage, NetworkEntry, NetworkSnapshot, PlanArea, PlanStep, PlanVersion

MODELS = [NetworkEntry, NetworkSnapshot, PlanArea, PlanStep, PlanVersion, HardTimesMessage]


def register_encrypted(*models):
    """Another domain's models whose texts are encrypted with these keys (the council's): rekeyed too."""
    MODELS.extend(model for model in models if model not in MODELS)


def encrypted_columns(model):
    return [column for column in model.__table__.columns if isinstance(column.type, (EncryptedText, EncryptedJSON))]


def rekey_all():
    """Every token is decrypted with whichever configured key made it and encrypted with the first; returns
    how many values changed. One transaction: a failure changes nothing."""
    changed = 0
    for model in MODELS:
        table = model.__table__
        columns = encrypted_columns(model)
        raw = select(table.c.id, *[type_coerce(column, Text) for column in columns])  # the tokens, not the texts
        for row in db.session.execute(raw).all():
            values = {column.name: rotate(value) for column, value in zip(columns, row[1:]) if value is not None}
            if values:
                db.session.execute(table.update().where(table.c.id == row[0])
                                   .values({k: Sealed(v) for k, v in values.items()}))
                changed += len(values)
    db.session.commit()
    return changed
