"""Home, help, language switch, offline page, manifest and service worker."""
from pathlib import Path

from flask import current_app, jsonify, make_response, redirect, render_template, request, session, url_for
from flask_babel import force_locale, gettext as _
from flask_login import current_user

from .. import policy
from ..navigation import safe_next
from ..referrals.home import render_professional_home
from . import bp, services
from .forms import LanguageForm


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return render_template("core/welcome.html")
    if policy.is_professional_only(current_user):
        # A professional's view is deliberately small: their referrals and guest invitations.
        return render_professional_home(current_user)
    return render_template("core/home.html", **services.home(current_user))


@bp.route("/help")
def help_page():
    return render_template("core/help.html", helplines=services.helplines())


@bp.route("/accessibility")
def accessibility():
    return render_template("core/accessibility.html")


@bp.route("/language", methods=["GET", "POST"])
def language():
    form = LanguageForm()
    if form.validate_on_submit():
        services.choose_language(current_user, session, form.locale.data)
        return redirect(safe_next(form.next.data) or url_for("core.index"))
    form.next.data = safe_next(request.args.get("next")) or ""
    return render_template("core/language.html", form=form)


@bp.route("/offline")
def offline():
    # The service worker keeps one copy per language (?lang=), fetched without the person's cookies.
    language = request.args.get("lang")
    if language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            return render_template("core/offline.html", helplines=services.helplines())
    return render_template("core/offline.html", helplines=services.helplines())


@bp.route("/manifest.webmanifest")
def manifest():
    # The page links the manifest with its own language (?lang=), so an installed app speaks it.
    language = request.args.get("lang")
    if language not in current_app.config["LANGUAGES"]:
        language = "nb" if str(session.get("locale")) == "nb" else "en"
    with force_locale(language):
        description = _("Peer support and aftercare: your groups, your time-giver, your plans.")
    data = {
        "id": "/",
        "name": "Aftercare",
        "short_name": "Aftercare",
        "description": description,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#fbf8f3",
        "theme_color": "#2f5d50",
        "lang": language,
        "icons": [
            {"src": url_for("static", filename="img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": url_for("static", filename="img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": url_for("static", filename="img/icon-maskable-512.png"), "sizes": "512x512",
             "type": "image/png", "purpose": "maskable"},
        ],
    }
    response = jsonify(data)
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/sw.js")
def service_worker():
    # Served from the root so that it may control every page of the site. It carries the helplines'
    # fingerprint: when they change, the browser sees a new worker, which caches the offline page again.
    script = (Path(current_app.static_folder) / "sw.js").read_text(encoding="utf-8")
    from ..assets import version

    script = script.replace("__ASSETS_VERSION__", version(current_app.static_folder))
    response = make_response(script.replace("__HELPLINES_VERSION__", services.helplines_version()))
    response.mimetype = "text/javascript"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/healthz")
def health():
    return {"ok": True}
