"""Websockets without permessage-deflate.

hypercorn 0.18 always agrees to permessage-deflate when a browser offers it (every browser
does), and compresses each frame separately for every socket: a fragment sent to 500 sockets
is deflated 500 times, and each socket keeps a zlib state of about 100 KB. For small HTML
fragments fanned out to many sockets that costs far more CPU and memory than the bandwidth
it saves, so backchat declines the extension. hypercorn has no setting for it: its handshake
builds the extension list from a module-level name, which `init_app` points at an extension
no client asks for. `tests/integration/test_websocket.py` checks that the handshake offers none.
"""

from __future__ import annotations

from hypercorn.protocol import ws_stream
from quart import Quart
from wsproto.extensions import Extension


class NoCompression(Extension):
    """An extension that matches no offer, so the handshake accepts none."""

    name = "backchat-no-compression"

    def offer(self) -> bool:
        """Servers never offer extensions; wsproto requires the method."""
        return False


def init_app(app: Quart) -> None:
    """Decline permessage-deflate on this process's websockets."""
    ws_stream.PerMessageDeflate = NoCompression  # type: ignore[misc,assignment]
