"""Language and time zone: the person's setting, else the browser's language, else English."""
from flask import current_app, has_request_context, request, session
from flask_login import current_user

from .extensions import babel

# Browsers in Norway may send the macro-language or nynorsk; bokmål is the closest we offer.
NORWEGIAN_ALIASES = ("no", "nb", "nn")


def select_locale():
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and background jobs speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return request_locale()


def request_locale():
    """The language the request asks for without looking at the account (no database): the one chosen
    in this browser, else the browser's own, else the default."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    for language, _quality in request.accept_languages:
        primary = language.lower().split("-")[0].split("_")[0]
        if primary in NORWEGIAN_ALIASES:
            return "nb"
        if primary in languages:
            return primary
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def configure(app):
    import os

    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=os.path.join(app.root_path, "translations"),
    )
