"""One request to `serve`, read within limits and refused unless it is a plain GET or HEAD.

The stdlib handler lets odd paths end in a traceback (a 300-byte name is
an OSError), answers HTTP/0.9 without a status line, echoes the request
in its error pages and follows symlinks anywhere. Here every malformed
request gets a status and a short text, and files are found only inside
the served folder.
"""

from __future__ import annotations

import io
import mimetypes
import os
import re
import shutil
import socket
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes

from .preview_http import GuardedServer, ip_of

MAX_REQUEST_LINE = 8 * 1024  # browsers' own limits on URLs in links are near this
MAX_PATH = 4 * 1024  # longer than any path a file system resolves
MAX_HEAD = 64 * 1024  # request line and headers together; room for cookies from other localhost apps
MAX_NAME = 255  # bytes in one file name on common file systems
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_VISIBLE_ASCII = re.compile(r"[\x21-\x7e]+\Z")
_ERROR_TEXTS = {  # for the errors the stdlib's parse_request sends
    HTTPStatus.BAD_REQUEST: "This request is malformed.",
    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE: "The request headers are too large.",
    HTTPStatus.HTTP_VERSION_NOT_SUPPORTED: "Only HTTP/1.x is supported.",
}


class Refused(Exception):
    """A request answered with an error status and a short text."""

    def __init__(self, status: HTTPStatus, text: str = "", headers: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(text or status.phrase)
        self.status, self.text, self.headers = status, text or status.phrase, headers


class _HeadTooLarge(Exception):
    pass


def find_file(root: Path, segments: list[str]) -> Path | None:
    """The regular file `segments` name under `root` (a folder's index.html
    for a folder), or None. Symlinks are resolved and whatever lands outside
    `root` is not found, so a link in the build cannot expose other files."""
    if any(s in ("", ".", "..") or "/" in s or "\\" in s or "\0" in s or len(s.encode()) > MAX_NAME for s in segments):
        return None
    try:
        base = os.path.realpath(root)
        target = os.path.realpath(os.path.join(base, *segments))
        if os.path.isdir(target):
            target = os.path.realpath(os.path.join(target, "index.html"))
        inside = target.startswith(base.rstrip(os.sep) + os.sep)
        return Path(target) if inside and os.path.isfile(target) else None
    except (OSError, ValueError):
        return None


def path_segments(path: str) -> list[str]:
    """A configured base path ('/net/') as the segments a request must begin with."""
    return [unquote(s) for s in path.split("/") if s]


class _HeadReader(io.RawIOBase):
    """Reads a request head against a deadline and a byte budget.

    A per-read timeout alone lets a client that sends a byte every few
    seconds hold a thread for ever; a deadline for the whole head does not.
    """

    def __init__(self, sock: socket.socket, seconds: float, budget: int) -> None:
        self.sock, self.deadline, self.budget, self.received = sock, time.monotonic() + seconds, budget, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.received >= self.budget:
            raise _HeadTooLarge
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request head took too long")
        self.sock.settimeout(left)
        view = memoryview(buffer)[: self.budget - self.received]
        count = self.sock.recv_into(view)
        self.received += count
        return count


class GuardedHandler(BaseHTTPRequestHandler):
    """One request per connection, read within the server's limits.

    Subclasses write do_GET and do_HEAD, and use `request_segments`,
    `find_file` and `send_file`; any other method is refused here.
    """

    server: GuardedServer
    protocol_version = "HTTP/1.0"  # one request per connection: nothing idles between requests
    default_request_version = "HTTP/1.0"  # the stdlib's 0.9 would answer errors without a status line
    server_version, sys_version = "ecmn-press", ""

    def setup(self) -> None:
        super().setup()
        self.rfile.close()
        self._head = _HeadReader(self.connection, self.server.request_timeout, MAX_HEAD)
        self.rfile = io.BufferedReader(self._head)
        self._responded = False
        self.command, self.requestline, self.request_version = None, "", self.default_request_version

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass  # the terminal is for build results, not for every request

    def send_response_only(self, code, message=None) -> None:
        self._responded = True
        super().send_response_only(code, message)

    def send_error(self, code, message=None, explain=None) -> None:  # noqa: ARG002 - never echo the request back
        status = HTTPStatus(code)
        self.send_text(status, _ERROR_TEXTS.get(status, status.phrase))

    def send_text(self, status: HTTPStatus, text: str, headers: tuple[tuple[str, str], ...] = ()) -> None:
        body = (text + "\n").encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.send_common_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_common_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")

    def handle(self) -> None:
        self.close_connection = True
        try:
            self._handle_request()
        except TimeoutError:
            if self._head.received and not self._responded:
                self._answer(Refused(HTTPStatus.REQUEST_TIMEOUT, "The request took too long to arrive."))
        except _HeadTooLarge:
            self._answer(Refused(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "The request headers are too large."))
        except Refused as refused:
            self._answer(refused)
        except OSError:
            pass  # the client went away or stalled while reading the answer
        except Exception:
            self._answer(Refused(HTTPStatus.INTERNAL_SERVER_ERROR, "The preview server failed; see its terminal."))
            raise

    def _answer(self, refused: Refused) -> None:
        if self._responded:
            return
        try:
            self.connection.settimeout(self.server.write_timeout)
            self.send_text(refused.status, refused.text, refused.headers)
        except OSError:
            pass

    def _handle_request(self) -> None:
        line = self.rfile.readline(MAX_REQUEST_LINE + 1)
        if not line:
            return  # connected and left: nothing to answer
        if len(line) > MAX_REQUEST_LINE:
            raise Refused(HTTPStatus.REQUEST_URI_TOO_LONG, "The request line is too long.")
        if len(line.split()) != 3:
            # HTTP/0.9 has no status line to carry an error and no Host to check.
            raise Refused(HTTPStatus.BAD_REQUEST, "A request line is: METHOD /path HTTP/1.x.")
        self.raw_requestline = line
        if not self.parse_request():
            return
        self.connection.settimeout(self.server.write_timeout)
        self.check_host()
        if self.command in ("GET", "HEAD"):
            getattr(self, "do_" + self.command)()
            self.wfile.flush()
        elif _TOKEN.match(self.command):
            raise Refused(HTTPStatus.METHOD_NOT_ALLOWED, "The preview only answers GET and HEAD.",
                          (("Allow", "GET, HEAD"),))
        else:
            raise Refused(HTTPStatus.BAD_REQUEST, "The method is not a valid token.")

    def check_host(self) -> None:
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1:
            raise Refused(HTTPStatus.BAD_REQUEST, "More than one Host header.")
        if hosts:
            if not self.server.host_allowed(hosts[0], self.connection.getsockname()[0]):
                raise Refused(HTTPStatus.FORBIDDEN, "This preview answers only to localhost and its own address.")
            return
        if self.request_version != "HTTP/1.0":
            raise Refused(HTTPStatus.BAD_REQUEST, "The Host header is missing.")
        client = ip_of(self.client_address[0])
        if client is None or not client.is_loopback:
            raise Refused(HTTPStatus.FORBIDDEN, "A request without a Host header must come from this machine.")

    def request_segments(self) -> tuple[list[str], bool]:
        """The decoded path segments, and whether the path ends in '/'.

        Refuses what no link of the site can produce: targets that are not
        a path, invalid escapes, non-UTF-8 names, '.', '..', and names that
        hold a slash, backslash or control character once decoded.
        """
        target = self.path
        if not target.startswith("/") or not _VISIBLE_ASCII.match(target):
            raise Refused(HTTPStatus.BAD_REQUEST, "The request target is not a path.")
        path = target.split("?", 1)[0].split("#", 1)[0]
        if len(path) > MAX_PATH:
            raise Refused(HTTPStatus.REQUEST_URI_TOO_LONG, "The path is too long.")
        if _BAD_ESCAPE.search(path):
            raise Refused(HTTPStatus.BAD_REQUEST, "The path has an invalid %-escape.")
        segments = []
        for raw in path.split("/"):
            if not raw:
                continue
            try:
                name = unquote_to_bytes(raw).decode("utf-8")
            except UnicodeDecodeError:
                raise Refused(HTTPStatus.BAD_REQUEST, "The path is not UTF-8.") from None
            if name in (".", "..") or any(c in "/\\" or ord(c) < 0x20 or ord(c) == 0x7F for c in name):
                raise Refused(HTTPStatus.BAD_REQUEST, "The path has a forbidden segment.")
            segments.append(name)
        return segments, path.endswith("/")

    def client_gone(self) -> bool:
        """Whether the client of a long answer has closed (or sent more, which a stream's never does)."""
        try:
            self.connection.settimeout(0)
            try:
                self.connection.recv(1, socket.MSG_PEEK)
            finally:
                self.connection.settimeout(self.server.write_timeout)
        except BlockingIOError:
            return False
        except OSError:
            return True
        return True

    def send_file(self, file: Path, body: bool) -> None:
        try:
            stream = file.open("rb")
        except OSError:
            raise Refused(HTTPStatus.NOT_FOUND, "Not found.") from None
        with stream:
            size = os.fstat(stream.fileno()).st_size
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
            self.send_header("Content-Length", str(size))
            self.send_common_headers()
            self.end_headers()
            if body:
                shutil.copyfileobj(stream, self.wfile)


