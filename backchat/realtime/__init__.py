"""The live side: one process's hub, the room websocket, the write path, room feeds, presence
and the broker between processes."""
