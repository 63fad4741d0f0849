"""A sidebar whose read from the database fails is not left holding every change it hears."""

import asyncio

from backchat.models import User
from backchat.realtime.broker.memory import MemoryBroker
from backchat.realtime.listener import Listener
from backchat.realtime.sidebars import Sidebar, Sidebars


async def test_a_sidebar_whose_read_fails_stops_holding_what_it_hears(tmp_path):
    broker = MemoryBroker(tmp_path, 100)
    sidebars = Sidebars(broker, fragments=None)  # nothing is rendered: the read fails first
    bob = User(id=1, username="bob", username_key="bob", password_hash="x")
    sidebar = Sidebar(bob, Listener(10, None, lambda: None), None)
    sidebars.open(sidebar)  # no database here: reading its rooms fails
    for _ in range(100):
        if sidebars._reading is None:
            break
        await asyncio.sleep(0.01)
    assert sidebar.held is None
    assert not sidebar.change(7, lambda news: True)  # no news to change, nothing kept
    await sidebars.close(sidebar)
    await sidebars.stop()
