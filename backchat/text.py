"""What text backchat can store and show: no lone surrogates, no control characters (a
message may hold newlines and tabs), and no bidirectional overrides in names."""

from __future__ import annotations

import re

#: Lone UTF-16 surrogates (no database can store them), C0 controls, DEL and C1 controls.
_UNSTORABLE = re.compile(r"[\ud800-\udfff\x00-\x1f\x7f-\x9f]")
_UNSTORABLE_IN_BODY = re.compile(r"[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Embeddings, overrides and isolates: in a name they reorder the text around it.
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def normalize_newlines(text: str) -> str:
    """`\\r\\n` and lone `\\r` as `\\n`."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def body_problem(text: str) -> str | None:
    """Why a message body cannot be saved, or None (newlines and tabs are allowed)."""
    if _UNSTORABLE_IN_BODY.search(text):
        return "Messages cannot contain control characters or broken Unicode."
    return None


def name_problem(text: str) -> str | None:
    """Why a name (of a room or a person) cannot be used, or None."""
    if _UNSTORABLE.search(text):
        return "cannot contain control characters or broken Unicode"
    if _BIDI_CONTROLS.search(text):
        return "cannot contain text-direction overrides"
    return None
