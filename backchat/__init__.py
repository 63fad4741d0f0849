"""backchat: real-time, server-rendered chat."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quart import Quart

from backchat import cli, db, limits
from backchat.instance import development_secret_key
from backchat.paths import resource_dir
from backchat.realtime import compression, hub
from backchat.web import auth, csrf, errors, headers, hosts, logs, templating
from backchat.web.auth import blueprint as auth_blueprint
from backchat.web.chat import blueprint as chat_blueprint
from config import PRODUCTION, load_settings

MAX_REQUEST_BYTES = 1024 * 1024


def create_app(config: Mapping[str, Any] | None = None) -> Quart:
    """Build the app: settings from the environment (then `config`), modules, blueprints."""
    app = Quart(
        __name__,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    app.config.update(load_settings())
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.config.update(config or {})
    _ensure_secret_key(app)

    # The database and services first, then what wraps every request, then the CLI.
    modules = (db, limits, hub, compression, hosts, auth, logs, csrf, headers, errors, templating)
    for module in (*modules, cli):
        module.init_app(app)
    app.register_blueprint(auth_blueprint)
    app.register_blueprint(chat_blueprint)
    return app


def _ensure_secret_key(app: Quart) -> None:
    app.config["INSTANCE_PATH"].mkdir(parents=True, exist_ok=True)
    if app.config["SECRET_KEY"]:
        return
    if app.config["BACKCHAT_ENV"] == PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when BACKCHAT_ENV=production")
    app.config["SECRET_KEY"] = development_secret_key(app.config["INSTANCE_PATH"])
