"""My data: a readable page, one section at a time, and a JSON download."""
import json

from flask import Response, render_template, request
from flask_login import current_user, login_required

from ..exceptions import Conflict
from . import bp, labels, services  # noqa: F401


@bp.route("/account/my-data")
@login_required
def page():
    name = request.args.get("section")
    if name is None:
        return render_template("mydata/page.html", names=services.sections(current_user), labels=labels)
    value, number, pages = services.section_page(current_user, name, request.args.get("page", 1, type=int))
    return render_template("mydata/section.html", name=name, value=value, page=number, pages=pages,
                           labels=labels)


@bp.route("/account/my-data.json")
@login_required
def download():
    try:
        data = services.export(current_user)
    except Conflict as error:
        return Response(json.dumps({"error": str(error.message)}), status=409, mimetype="application/json")
    return Response(_chunks(data), mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="aftercare-my-data.json"'})


def _chunks(data, size=64 * 1024):
    """The JSON text in pieces of about `size` characters, sent as they are made."""
    buffer, length = [], 0
    for piece in json.JSONEncoder(indent=2, ensure_ascii=False, default=str).iterencode(data):
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    yield "".join(buffer)

