"""Password rules: long enough, not blank, and not one that attackers try first."""

from __future__ import annotations

from zxcvbn import zxcvbn

MIN_PASSWORD_CHARS = 8
# Hashing is deliberately slow; a bound keeps a huge password from costing more.
MAX_PASSWORD_CHARS = 1024
#: zxcvbn's scores run 0-4; below 2 it is guessed within about a million tries.
MIN_SCORE = 2
#: zxcvbn's cost grows with length; what follows the first 100 characters adds strength anyway.
CHECKED_CHARS = 100


def password_error(password: str, username: str = "") -> str | None:
    """Why `password` will not do for `username`, or None when it will."""
    if not password.strip():
        return "Choose a password: it cannot be blank or only spaces."
    if len(password) < MIN_PASSWORD_CHARS:
        return f"Use at least {MIN_PASSWORD_CHARS} characters."
    if len(password) > MAX_PASSWORD_CHARS:
        return f"Use at most {MAX_PASSWORD_CHARS} characters."
    result = zxcvbn(password[:CHECKED_CHARS], user_inputs=[username] if username else [])
    if result["score"] >= MIN_SCORE:
        return None
    warning = result["feedback"]["warning"] or "This password is too easy to guess."
    return (
        f"{warning} Passwords like this are among the most commonly used, the first an attacker"
        " tries. Add a few uncommon words."
    )
