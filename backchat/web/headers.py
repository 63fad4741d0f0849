"""Security headers on every response."""

from __future__ import annotations

from quart import Quart, Response, current_app

from config import PRODUCTION

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
#: Powerful browser features the site never uses, denied to it and anything it embeds; the
#: copy button writes to the clipboard, so that one is kept for the site itself.
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "bluetooth",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(
    [*(f"{feature}=()" for feature in DENIED_FEATURES), "clipboard-write=(self)"]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}
#: Two years, as the HSTS preload list asks; sent only in production, behind TLS.
STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains"


async def add_security_headers(response: Response) -> Response:
    """Add the site's security headers, keeping any a view set itself."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["BACKCHAT_ENV"] == PRODUCTION:
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    return response


def init_app(app: Quart) -> None:
    """Send the security headers with every response."""
    app.after_request(add_security_headers)
