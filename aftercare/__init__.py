"""Aftercare: peer support and aftercare in the substance-use field."""
import os

from .contexts import Aftercare


def create_app(test_config=None):
    """Build the application; `test_config` is a config class or mapping that overrides the defaults."""
    app = Aftercare(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    from .config import Config

    app.config.from_object(Config)
    if test_config is not None:
        if isinstance(test_config, dict):
            app.config.from_mapping(test_config)
        else:
            app.config.from_object(test_config)
    os.makedirs(app.instance_path, exist_ok=True)

    from . import assets, database, i18n, security, templating

    database.configure(app)
    security.configure(app)
    i18n.configure(app)
    templating.configure(app)
    assets.configure(app)

    from . import errors, sockets
    from .extensions import csrf, limiter, login_manager, mail, migrate

    migrate.init_app(app, database.db, directory=os.path.join(app.root_path, "..", "migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"] or "memory://"
    limiter.init_app(app)
    mail.init_app(app)
    sockets.configure(app)
    errors.register(app)

    from .accounts import bp as accounts_bp
    from .admin import bp as admin_bp
    from .audit import bp as audit_bp
    from .chat import bp as chat_bp
    from .core import bp as core_bp
    from .council import bp as council_bp
    from .groups import bp as groups_bp
    from .matching import bp as matching_bp
    from .meetings import bp as meetings_bp
    from .mydata import bp as mydata_bp
    from .network import bp as network_bp
    from .notifications import bp as notifications_bp
    from .referrals import bp as referrals_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(groups_bp, url_prefix="/groups")
    app.register_blueprint(chat_bp, url_prefix="/chat")
    app.register_blueprint(accounts_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(matching_bp, url_prefix="/time-givers")
    app.register_blueprint(audit_bp)
    app.register_blueprint(referrals_bp)
    app.register_blueprint(mydata_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(network_bp)
    app.register_blueprint(council_bp)

    from . import deletion  # noqa: F401  (account-deletion listeners)
    from . import cli

    cli.register(app)
    return app
