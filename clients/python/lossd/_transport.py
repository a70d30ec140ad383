"""HTTP to lossd with the standard library: one kept-alive connection per thread, so that a training
loop does not open a connection per step."""

import http.client
import threading
import urllib.parse
import weakref

from . import errors

# A reused connection the server closed while idle fails like this before any reply; the call is
# sent again once on a fresh connection (a loss is a pure function: sending it twice is harmless).
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class Transport:
    def __init__(self, url, timeout):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"lossd url must be http(s)://host[:port][/path], got {url!r}")
        self.url = url
        self.timeout = timeout
        self._scheme = parts.scheme
        self._netloc = parts.netloc
        self._base = parts.path.rstrip("/")
        self._local = threading.local()
        self._opened = weakref.WeakSet()

    def request(self, method, path, body=None, headers=None, length=0):
        """(status, headers, body as a bytearray) of one call; raises LossdError when no reply arrives."""
        headers = {**(headers or {}), "Content-Length": str(length)} if body is not None else dict(headers or {})
        connection = self._connection()
        for attempt in (1, 2):
            # http.client reconnects a closed connection by itself; an open one may have gone stale.
            reused = connection.sock is not None
            try:
                connection.request(method, self._base + path, body=body, headers=headers)
                response = connection.getresponse()
                payload = _read(response)
            except _STALE as error:
                connection.close()
                if reused and attempt == 1:
                    continue
                raise errors.unreachable(self.url, error) from error
            except (OSError, http.client.HTTPException) as error:  # refused, unresolvable, timed out, cut off
                connection.close()
                raise errors.unreachable(self.url, error) from error
            if response.will_close:
                connection.close()
            return response.status, response.headers, payload
        raise AssertionError("unreachable")

    def _connection(self):
        connection = getattr(self._local, "connection", None)
        if connection is None:
            cls = http.client.HTTPSConnection if self._scheme == "https" else http.client.HTTPConnection
            connection = self._local.connection = cls(self._netloc, timeout=self.timeout)
            self._opened.add(connection)
        return connection

    def close(self):
        """Closes every thread's connection; each reopens on its next call."""
        for connection in list(self._opened):
            connection.close()

    __del__ = close


def _read(response):
    """The body into one bytearray (NumPy arrays over it are then writable, without a copy)."""
    length = response.getheader("Content-Length")
    if length is None:
        return bytearray(response.read())
    body = bytearray(int(length))
    view = memoryview(body)
    done = 0
    while done < len(body):
        n = response.readinto(view[done:])
        if not n:
            raise http.client.IncompleteRead(bytes(view[:done]), len(body) - done)
        done += n
    return body
