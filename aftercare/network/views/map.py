"""The network map: the drawing with its list, adding and editing entries, "then and now", show once."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...forms import EmptyForm
from ...exceptions import ValidationFailed
from ...forms import show_service_error
from ...timeutil import utcnow
from .. import bp, services
from ..drawing import drawing_of
from ..forms import EntryForm, ThenForm
from ..models import ENTRY_FIELDS
from . import page

# What the "show once" page may add to names, circles and spheres, if she ticks it.
SHOW_ONCE_EXTRAS = ("effect", "gives", "wish")


def _pairs(entries):
    return [(entry.id, entry.fields()) for entry in entries]


@bp.route("/network")
@login_required
def index():
    entries = services.my_entries(current_user)
    return page("network/index.html", entries=entries, drawing=drawing_of(_pairs(entries)), form=EmptyForm(),
                then_form=ThenForm(formdata=None), history_start=services.history_start(current_user))


def _entry_page(form, entry=None):
    return page("network/entry.html", form=form, entry=entry, remove_form=EmptyForm())


def _save(form, save):
    if form.validate_on_submit():
        try:
            save({name: form[name].data for name in ENTRY_FIELDS})
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("network.index") + "#entries")
    return None


@bp.route("/network/people/new", methods=["GET", "POST"])
@login_required
def new_entry():
    services.my_entries(current_user)  # 404 for anyone without the tools
    form = EntryForm()
    return _save(form, lambda data: services.add_entry(current_user, data)) or _entry_page(form)


@bp.route("/network/people/<int:entry_id>", methods=["GET", "POST"])
@login_required
def edit_entry(entry_id):
    entry = services.get_entry(current_user, entry_id)
    form = EntryForm(obj=entry) if request.method == "GET" else EntryForm()
    return _save(form, lambda data: services.update_entry(current_user, entry, data)) or _entry_page(form, entry)


@bp.route("/network/people/<int:entry_id>/remove", methods=["POST"])
@login_required
def remove_entry(entry_id):
    entry = services.get_entry(current_user, entry_id)
    if EmptyForm().validate_on_submit():
        services.remove_entry(current_user, entry)
        flash(_("Removed from your map."), "success")
    return redirect(url_for("network.index") + "#entries")


@bp.route("/network/then")
@login_required
def then():
    form = ThenForm(request.args)
    day = form.on.data if form.validate() and form.on.data else None
    pairs = services.map_on(current_user, day) if day else []
    now = _pairs(services.my_entries(current_user))
    return page("network/then.html", form=form, day=day, then_pairs=pairs, then_drawing=drawing_of(pairs),
                now_pairs=now, now_drawing=drawing_of(now), today=utcnow().date(), delete_form=EmptyForm(),
                history_start=services.history_start(current_user))


@bp.route("/network/history/delete", methods=["POST"])
@login_required
def delete_history():
    services.my_entries(current_user)
    if EmptyForm().validate_on_submit():
        services.delete_history(current_user)
        flash(_("The history is deleted. Your map as it is today stays."), "success")
    return redirect(url_for("network.then"))


@bp.route("/network/show")
@login_required
def show_once():
    entries = services.my_entries(current_user)
    extras = [name for name in request.args.getlist("with") if name in SHOW_ONCE_EXTRAS]
    pairs = [(key, fields if "effect" in extras else {**fields, "effect": None}) for key, fields in _pairs(entries)]
    return page("network/show_once.html", entries=entries, drawing=drawing_of(pairs), extras=extras,
                choices=SHOW_ONCE_EXTRAS)
