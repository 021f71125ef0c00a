"""My aftercare plan: the areas, their steps, and the versions kept."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from ...forms import EmptyForm
from ...exceptions import ValidationFailed
from ...forms import show_service_error
from .. import bp, services
from ..forms import AreaForm, OwnAreaForm, StatusForm, StepForm
from . import page

STEP_FIELDS = ("what", "helper", "helper_entry_id", "helper_name", "due_on", "status")


def _step_form(step=None, formdata=None):
    form = StepForm(obj=step) if formdata is None else StepForm()
    form.helper_entry_id.choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(entry.id, entry.name or _("Someone")) for entry in services.my_entries(current_user)]
    return form


@bp.route("/network/plan")
@login_required
def plan():
    areas = services.plan_of(current_user)
    return page("network/plan.html", areas=areas, own_form=OwnAreaForm(formdata=None), status_form=StatusForm(),
                latest=(services.versions(current_user) or [None])[0])


@bp.route("/network/plan/areas", methods=["POST"])
@login_required
def new_area():
    form = OwnAreaForm()
    try:
        area = services.add_own_area(current_user, form.title.data if form.validate_on_submit() else "")
    except ValidationFailed as error:
        flash(error.message, "error")
        return redirect(url_for("network.plan") + "#own-area")
    return redirect(url_for("network.area", area=area.slug))


def _area_page(slug, kind, row, form=None, step_form=None):
    form = form or AreaForm(obj=row)
    return page("network/area.html", slug=slug, kind=kind, area=row, form=form,
                step_form=step_form or _step_form(), status_form=StatusForm(), remove_form=EmptyForm())


@bp.route("/network/plan/<area>", methods=["GET", "POST"])
@login_required
def area(area):
    kind, row = services.area_by_slug(current_user, area)
    form = AreaForm() if request.method == "POST" else None
    if form is not None and form.validate_on_submit():
        try:
            services.save_area(current_user, area, form.where_now.data, form.wanted.data, form.title.data)
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("network.area", area=area))
    return _area_page(area, kind, row, form)


@bp.route("/network/plan/<area>/remove", methods=["POST"])
@login_required
def remove_area(area):
    services.area_by_slug(current_user, area)
    if EmptyForm().validate_on_submit():
        services.remove_own_area(current_user, area)
        flash(_("The area is removed from your plan."), "success")
    return redirect(url_for("network.plan"))


@bp.route("/network/plan/<area>/steps", methods=["POST"])
@login_required
def add_step(area):
    kind, row = services.area_by_slug(current_user, area)
    form = _step_form(formdata=True)
    if form.validate_on_submit():
        try:
            services.add_step(current_user, area, {name: form[name].data for name in STEP_FIELDS})
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("The step is added."), "success")
            return redirect(url_for("network.area", area=area) + "#steps")
    return _area_page(area, kind, row, step_form=form)


@bp.route("/network/plan/steps/<int:step_id>", methods=["GET", "POST"])
@login_required
def step(step_id):
    found = services.get_step(current_user, step_id)
    form = _step_form(found, formdata=True if request.method == "POST" else None)
    if request.method == "POST" and form.validate_on_submit():
        try:
            services.update_step(current_user, found, {name: form[name].data for name in STEP_FIELDS})
        except ValidationFailed as error:
            show_service_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("network.area", area=found.area.slug) + "#steps")
    return page("network/step.html", step=found, form=form, remove_form=EmptyForm())


@bp.route("/network/plan/steps/<int:step_id>/status", methods=["POST"])
@login_required
def mark_step(step_id):
    found = services.get_step(current_user, step_id)
    form = StatusForm()
    if form.validate_on_submit():
        services.mark_step(current_user, found, form.status.data)
        flash(_("Saved."), "success")
    back = url_for("network.plan") if request.form.get("back") == "plan" else \
        url_for("network.area", area=found.area.slug)
    return redirect(back + f"#step-{found.id}")


@bp.route("/network/plan/steps/<int:step_id>/remove", methods=["POST"])
@login_required
def remove_step(step_id):
    found = services.get_step(current_user, step_id)
    slug = found.area.slug
    if EmptyForm().validate_on_submit():
        services.remove_step(current_user, found)
        flash(_("The step is removed."), "success")
    return redirect(url_for("network.area", area=slug) + "#steps")


@bp.route("/network/plan/versions")
@login_required
def versions():
    return page("network/versions.html", versions=services.versions(current_user), form=EmptyForm())


@bp.route("/network/plan/versions/<int:version_id>")
@login_required
def version(version_id):
    return page("network/version.html", version=services.get_version(current_user, version_id))


@bp.route("/network/plan/versions/delete", methods=["POST"])
@login_required
def delete_versions():
    services.versions(current_user)
    if EmptyForm().validate_on_submit():
        services.delete_old_versions(current_user)
        flash(_("The earlier versions are deleted."), "success")
    return redirect(url_for("network.versions"))
