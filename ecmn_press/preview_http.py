"""The listening side of `serve`: what any connection may cost, and which Host names it answers.

`http.server` alone waits for ever on a silent client, starts a thread per
connection without limit, keeps a listen backlog of 5, speaks IPv4 only and
answers any Host, so a page on another site could read the drafts through
DNS rebinding. The preview holds drafts, so this module bounds each of
those. It prints nothing: an unexpected failure goes to `on_error`.
"""

from __future__ import annotations

import errno
import ipaddress
import re
import socket
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from socketserver import TCPServer
from typing import Callable

LINGER = 0.5  # seconds to read what a client still sends after its answer
LINGER_BYTES = 1024 * 1024
LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_HOST = re.compile(r"(?:\[([0-9a-f:.]+)\]|([a-z0-9.\-]+))(?::([0-9]{1,5}))?\Z")


class ListenError(Exception):
    """The server could not listen; the message names the cause."""

    def __init__(self, message: str, port_in_use: bool = False) -> None:
        super().__init__(message)
        self.port_in_use = port_in_use


def ip_of(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An IP address without its zone, IPv4-mapped IPv6 read as IPv4; None for a name."""
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _normal(host: str) -> str:
    ip = ip_of(host)
    return str(ip) if ip is not None else host.lower()


def _listen_address(host: str, port: int) -> tuple[socket.AddressFamily, tuple]:
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        infos = socket.getaddrinfo(bare, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ListenError(f"it is neither an IP address nor a name this machine can resolve ({exc.strerror})") from None
    family, _type, _proto, _name, address = infos[0]
    return family, address


def _bind_failure(exc: OSError) -> ListenError:
    code = exc.errno
    if code in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
        return ListenError("the port is already in use", port_in_use=True)
    if code in (errno.EADDRNOTAVAIL, getattr(errno, "WSAEADDRNOTAVAIL", -1)):
        return ListenError("no network interface of this machine has that address")
    if code in (errno.EACCES, errno.EPERM):
        return ListenError("permission denied (ports below 1024 usually need administrator rights)")
    if code == errno.EAFNOSUPPORT:
        return ListenError("this machine does not support that kind of address (is IPv6 turned off?)")
    return ListenError(exc.strerror or str(exc))


class GuardedServer(ThreadingHTTPServer):
    """A threading HTTP server with bounded waits, threads and Host names."""

    daemon_threads = True
    request_queue_size = 1024  # the kernel caps it (somaxconn); a burst of page assets must not wait for a retry
    allow_reuse_address = sys.platform != "win32"  # on Windows it lets a second server share the port

    def __init__(
        self, host: str, port: int, handler: Callable, *, on_error: Callable[[BaseException], None] | None = None,
        request_timeout: float = 5.0, write_timeout: float = 10.0, max_connections: int = 256,
        poll_interval: float = 1.0,
    ) -> None:
        self.host = host
        self.address_family, address = _listen_address(host, port)
        self.on_error = on_error
        self.request_timeout, self.write_timeout, self.poll_interval = request_timeout, write_timeout, poll_interval
        self.stopping = threading.Event()
        # A browser opens six connections per host and one event stream per
        # tab; the bound is far above that, and far below what exhausts threads.
        self._slots = threading.BoundedSemaphore(max_connections)
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        try:
            super().__init__(address, handler)
        except OSError as exc:
            raise _bind_failure(exc) from None

    def server_bind(self) -> None:
        ip = ip_of(self.server_address[0])
        if self.address_family == socket.AF_INET6 and ip is not None and ip.is_unspecified:
            try:  # '::' means every address, IPv4 ones too, as 0.0.0.0 users expect
                self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            except (OSError, AttributeError):
                pass
        # Not HTTPServer.server_bind: its getfqdn() is a DNS lookup that can hang offline.
        TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def loopback_only(self) -> bool:
        ip = ip_of(self.server_address[0])
        return ip is not None and ip.is_loopback

    @property
    def url_host(self) -> str:
        """The host part of a URL that reaches this server from this machine."""
        ip = ip_of(self.server_address[0])
        if ip is not None and ip.is_unspecified:
            return "127.0.0.1" if self.address_family == socket.AF_INET else "[::1]"
        if ip is None or ip_of(self.host.strip("[]")) is None:
            return self.host  # a name, as it was given
        return f"[{ip}]" if ip.version == 6 else str(ip)

    def host_allowed(self, value: str, local_address: str) -> bool:
        """Whether a Host header names this server: a local name or an
        address it listens on (for a wildcard, the one the request came in
        on), with its port. Any other name may be a rebinding attack."""
        match = _HOST.match(value.strip(" \t").lower())
        if not match or int(match[3] or 80) != self.port:
            return False
        literal, name = match[1], match[2]
        if literal is not None:
            try:
                ipaddress.IPv6Address(literal)
            except ValueError:
                return False
        allowed = {*LOCAL_NAMES, _normal(local_address)}
        bound = ip_of(self.server_address[0])
        if bound is None or not bound.is_unspecified:
            allowed |= {_normal(self.host.strip("[]")), _normal(self.server_address[0])}
        return _normal(literal or name) in allowed

    def active_connections(self) -> int:
        with self._lock:
            return len(self._open)

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):
            return self._turn_away(request)
        try:
            super().process_request(request, client_address)
        except RuntimeError:  # no thread could be started
            self._slots.release()
            self._turn_away(request)
        return None

    def process_request_thread(self, request, client_address) -> None:
        with self._lock:
            self._open.add(request)
        try:
            if not self.stopping.is_set():
                self.finish_request(request, client_address)
        except Exception:  # noqa: BLE001 - reported through handle_error, as socketserver does
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            with self._lock:
                self._open.discard(request)
            self._slots.release()

    def _turn_away(self, request: socket.socket) -> None:
        # Runs in the accepting thread, so it must not block: one non-blocking send, then close.
        body = b"The preview has too many open connections; try again.\n"
        head = (
            "HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
        )
        try:
            request.setblocking(False)
            request.send(head.encode() + body)
            request.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        self.close_request(request)

    def shutdown_request(self, request: socket.socket) -> None:
        # Closing a socket with unread bytes makes the kernel send a reset,
        # which can destroy the answer before the client reads it (a 431
        # after a flood of headers, say); so read what is left, briefly.
        try:
            request.shutdown(socket.SHUT_WR)
            deadline, drained = time.monotonic() + LINGER, 0
            while drained < LINGER_BYTES and (left := deadline - time.monotonic()) > 0:
                request.settimeout(left)
                chunk = request.recv(65536)
                if not chunk:
                    break
                drained += len(chunk)
        except OSError:
            pass
        self.close_request(request)

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError) or error is None:
            return  # the client's network, not a bug
        if self.on_error is not None:
            self.on_error(error)

    def server_close(self) -> None:
        # Wake every connection thread (an event stream is long-lived on
        # purpose) so that joining them below does not wait on clients.
        self.stopping.set()
        with self._lock:
            open_now = list(self._open)
        for sock in open_now:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        super().server_close()


