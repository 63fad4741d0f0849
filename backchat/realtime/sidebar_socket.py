"""The websocket of a signed-in page that shows no room (home, search, mentions...): its
sidebar's rooms and their news, live. (A room page's own socket carries its sidebar too.)"""

from __future__ import annotations

import asyncio

from backchat.realtime.page_socket import PageSocket
from backchat.realtime.sidebars import Sidebar


class SidebarSocket(PageSocket):
    """Serves one page's sidebar until either side closes the socket."""

    async def serve(self) -> None:
        """Accept the socket, send the sidebar whole, then each change to it. The page has
        nothing to say: what it sends is read and dropped."""
        self._serving = asyncio.current_task()
        await self._accept()
        await self.hub.open_socket(self)
        sidebar = Sidebar(self.user, self.listener, None)
        self.hub.sidebars.open(sidebar)
        try:
            while True:
                await self.websocket.receive()
        finally:
            await self._stop_sending()
            await self.hub.sidebars.close(sidebar)
            await self.hub.close_socket(self)
