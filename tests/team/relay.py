"""A TCP relay between the app and the test server: the network, which a test can take away.

`cut()` closes every relayed connection and refuses new ones (a network that went away, a
server that is down); `restore()` lets connections through again. The server behind it is the
real one, so what the app sees is exactly what libpq sees when a cable is pulled.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading


class Relay:
    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self._open = True
        self._stopped = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self._open:
                client.close()  # the far side is gone: the connection fails at once
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.append((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, one: socket.socket, other: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(one, selectors.EVENT_READ, other)
        selector.register(other, selectors.EVENT_READ, one)
        try:
            while True:
                for key, _ in selector.select():
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except OSError:
            return
        finally:
            selector.close()
            for s in (one, other):
                with contextlib.suppress(OSError):
                    s.close()

    def cut(self) -> None:
        """Every relayed connection dropped, every new one refused."""
        self._open = False
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for s in pair:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    s.close()

    def restore(self) -> None:
        self._open = True

    def close(self) -> None:
        self._stopped = True
        self.cut()
        with contextlib.suppress(OSError):
            self._listener.close()
