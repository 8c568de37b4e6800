"""`serve` against careless and hostile clients.

Malformed requests each get a status (or a clean close) from a real serve
process, which prints no traceback and keeps answering; the limits on time,
threads and Host names are checked on a server in this process, where they
can be made short.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import SITE_YAML, TEAM, write_files

from ecmn_press.preview_http import GuardedServer
from ecmn_press.serve import LiveState, PreviewHandler

DRAFT = "---\ntitle: Work in progress\ndate: 2005-02-01\nteams: hull\ndraft: true\n---\nNot yet.\n"


def _no_crash(log: str) -> bool:
    """Nothing in the log of a bug met while answering (serve prints one line, no traceback, by default)."""
    return "Traceback" not in log and "internal error" not in log


def _free_port(family: socket.AddressFamily = socket.AF_INET, host: str = "127.0.0.1") -> int:
    with socket.socket(family) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def exchange(port: int, data: bytes, address: str = "127.0.0.1", timeout: float = 10) -> bytes:
    with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as sock:
        sock.settimeout(timeout)
        sock.connect((address, port))
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # answered before it was all sent: the answer is what counts
        return _read_all(sock)


def status(reply: bytes) -> int | None:
    parts = reply.split(b"\r\n", 1)[0].split()
    return int(parts[1]) if len(parts) >= 2 and parts[0].startswith(b"HTTP/1.") and parts[1].isdigit() else None


def get(port: int, path: str = "/net/", host: str | None = "", address: str = "127.0.0.1",
        version: str = "HTTP/1.1") -> bytes:
    """GET with `host` as the Host header: '' for the address connected to, None for no header."""
    if host == "":
        host = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    head = f"GET {path} {version}\r\n" + (f"Host: {host}\r\n" if host is not None else "") + "\r\n"
    return exchange(port, head.encode(), address)


# -- a real serve process --------------------------------------------------------


class Served:
    """A serve process whose stderr goes to a file: a pipe nobody reads could fill and stall it."""

    def __init__(self, site: Path, log: Path, *args: str) -> None:
        self.log = log
        self.stderr = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ecmn_press", "serve", "--site", str(site), *args],
            stderr=self.stderr, stdout=subprocess.DEVNULL,
        )

    def wait_until_serving(self) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            text = self.log.read_text()
            if "Serving " in text or self.process.poll() is not None:
                return text
            time.sleep(0.05)
        return self.log.read_text()

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.stderr.close()
        return self.log.read_text()


def _site(root: Path) -> Path:
    write_files(root, {"content/site.yaml": SITE_YAML, "content/teams/hull.md": TEAM, "content/stories/wip.md": DRAFT})
    return root


@pytest.fixture(scope="module")
def process(tmp_path_factory):
    """One serve process on 127.0.0.1 for all the hostile requests: (port, stderr file, Served)."""
    tmp = tmp_path_factory.mktemp("hostile")
    port = _free_port()
    served = Served(_site(tmp / "site"), tmp / "stderr.txt", "--port", str(port))
    text = served.wait_until_serving()
    assert "Serving " in text, text
    assert "warning" not in text  # loopback is private: nothing to warn about
    yield port, served
    served.stop()


HOSTILE = {
    "300-byte name": (b"GET /net/" + b"a" * 300 + b" HTTP/1.1\r\nHost: {host}\r\n\r\n", {404}),
    "5,000-byte path": (b"GET /net/" + b"a/" * 2500 + b" HTTP/1.1\r\nHost: {host}\r\n\r\n", {414}),
    "20,000-byte request line": (b"GET /net/" + b"b" * 20000 + b" HTTP/1.1\r\nHost: {host}\r\n\r\n", {414}),
    "escaped NUL": (b"GET /net/a%00b HTTP/1.1\r\nHost: {host}\r\n\r\n", {400}),
    "raw NUL": (b"GET /net/a\0b HTTP/1.1\r\nHost: {host}\r\n\r\n", {400}),
    "dot-dot": (b"GET /net/../../../../etc/passwd HTTP/1.1\r\nHost: {host}\r\n\r\n", {400}),
    "escaped dot-dot": (b"GET /net/%2e%2e/%2E%2E/etc/passwd HTTP/1.1\r\nHost: {host}\r\n\r\n", {400}),
    "escaped slash": (b"GET /net/..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: {host}\r\n\r\n", {400}),
    "backslashes": (b"GET /net/..\\..\\etc\\passwd HTTP/1.1\r\nHost: {host}\r\n\r\n", {400}),
    "escaped backslash": (b"GET /net/..%5c..%5cetc HTTP/1.1\r\nHost: {host}\r\n\r\n", {400}),
    "invalid escape": (b"GET /net/%zz HTTP/1.1\r\nHost: {host}\r\n\r\n", {400}),
    "cut escape": (b"GET /net/%e HTTP/1.1\r\nHost: {host}\r\n\r\n", {400}),
    "escaped non-UTF-8": (b"GET /net/%ff%fe HTTP/1.1\r\nHost: {host}\r\n\r\n", {400}),
    "raw non-ASCII": (b"GET /net/\xc3\xa9\xff HTTP/1.1\r\nHost: {host}\r\n\r\n", {400}),
    "absolute form": (b"GET http://{host}/net/ HTTP/1.1\r\nHost: {host}\r\n\r\n", {400}),
    "HTTP/0.9": (b"GET /net/\r\n\r\n", {400}),
    "no version": (b"GET /net/ JUNK/1.0\r\nHost: {host}\r\n\r\n", {400}),
    "empty request line": (b"\r\n\r\n", {400}),
    "garbage method": (b"FROB /net/ HTTP/1.1\r\nHost: {host}\r\n\r\n", {405}),
    "POST": (b"POST /net/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 3\r\n\r\nabc", {405}),
    "control bytes in method": (b"G\x01T /net/ HTTP/1.1\r\nHost: {host}\r\n\r\n", {400}),
    "OPTIONS *": (b"OPTIONS * HTTP/1.1\r\nHost: {host}\r\n\r\n", {405}),
    "80 KiB of headers": (b"GET /net/ HTTP/1.1\r\nHost: {host}\r\n" + (b"X-Pad: " + b"p" * 900 + b"\r\n") * 90
                          + b"\r\n", {431}),
    "two Hosts": (b"GET /net/ HTTP/1.1\r\nHost: {host}\r\nHost: {host}\r\n\r\n", {400}),
    "HTTP/1.1 without Host": (b"GET /net/ HTTP/1.1\r\n\r\n", {400}),
    "binary Host": (b"GET /net/ HTTP/1.1\r\nHost: \xff\xfe\x01:80\r\n\r\n", {403}),
    "events by POST": (b"POST /__ecmn-press/events HTTP/1.1\r\nHost: {host}\r\n\r\n", {405}),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_request_gets_a_status_and_the_server_goes_on(process, name):
    port, served = process
    request, expected = HOSTILE[name]
    printed = len(served.log.read_text())
    reply = exchange(port, request.replace(b"{host}", f"127.0.0.1:{port}".encode()))
    assert status(reply) in expected, reply[:300]
    assert b"root:" not in reply  # nothing of /etc/passwd, whatever the status
    assert status(get(port)) == 200
    assert served.process.poll() is None
    assert _no_crash(served.log.read_text()[printed:])


def test_answers_are_never_cached_or_sniffed(process):
    port, _served = process
    for reply in (
        get(port, "/net/stories/wip/"), get(port, "/net/no/such/page/"), get(port, "/net/%zz"),
        exchange(port, f"HEAD /net/ HTTP/1.0\r\nHost: localhost:{port}\r\n\r\n".encode()),
    ):
        head = reply.split(b"\r\n\r\n", 1)[0].lower()
        assert b"\r\ncache-control: no-store" in head and b"\r\nx-content-type-options: nosniff" in head, head


@pytest.mark.skipif(not _ipv6_loopback(), reason="this machine has no IPv6 loopback")
def test_ipv6_loopback_is_served(tmp_path):
    port = _free_port(socket.AF_INET6, "::1")
    served = Served(_site(tmp_path / "site"), tmp_path / "stderr.txt", "--host", "::1", "--port", str(port))
    try:
        text = served.wait_until_serving()
        assert f"Serving http://[::1]:{port}/net/" in text, text
        assert "warning" not in text
        assert status(get(port, address="::1")) == 200
        assert status(get(port, address="::1", host=f"localhost:{port}")) == 200
        assert status(get(port, address="::1", host=f"evil.example:{port}")) == 403
    finally:
        assert _no_crash(served.stop())


@pytest.mark.skipif(not _ipv6_loopback(), reason="this machine has no IPv6 loopback")
def test_every_ipv6_address_means_ipv4_too_and_is_warned_about(tmp_path):
    port = _free_port()
    served = Served(_site(tmp_path / "site"), tmp_path / "stderr.txt", "--host", "::", "--port", str(port))
    try:
        text = served.wait_until_serving()
        assert "Serving " in text, text
        assert "warning: --host :: is not loopback" in text and "drafts and unpublished pages" in text
        assert status(get(port, address="::1")) == 200
        assert status(get(port, address="127.0.0.1")) == 200
    finally:
        assert _no_crash(served.stop())


def test_listening_on_every_address_warns_that_drafts_are_visible(tmp_path):
    port = _free_port()
    served = Served(_site(tmp_path / "site"), tmp_path / "stderr.txt", "--host", "0.0.0.0", "--port", str(port))
    try:
        text = served.wait_until_serving()
        warning = text.split("Serving ")[0]
        assert "every machine that can reach this one" in warning and "drafts and unpublished pages" in warning
        assert f"Serving http://127.0.0.1:{port}/net/" in text
        assert status(get(port)) == 200
    finally:
        assert _no_crash(served.stop())


def test_an_address_this_machine_lacks_is_named_as_the_cause(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "ecmn_press", "serve", "--site", str(_site(tmp_path / "site")),
         "--host", "203.0.113.7", "--port", "8000"],
        capture_output=True, text=True, timeout=30,
    )
    assert done.returncode == 2
    assert "no network interface of this machine has that address" in done.stderr
    assert "try --port" not in done.stderr


def test_a_taken_port_is_named_as_the_cause(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "ecmn_press", "serve", "--site", str(_site(tmp_path / "site")), "--port", str(port)],
            capture_output=True, text=True, timeout=30,
        )
    assert done.returncode == 2 and "the port is already in use" in done.stderr and f"try --port {port + 1}" in done.stderr


def test_a_burst_of_connections_is_answered_at_once(process):
    # With a listen backlog of 5 the kernel drops most of such a burst and
    # the clients retry after a second or more.
    port, _served = process
    request = f"GET /net/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    count = 200
    start = threading.Barrier(count)
    results: list[tuple[int | None, float]] = []

    def one() -> None:
        start.wait()
        began = time.monotonic()
        try:
            reply = exchange(port, request, timeout=10)
        except OSError:
            reply = b""
        results.append((status(reply), time.monotonic() - began))

    clients = [threading.Thread(target=one) for _ in range(count)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    assert [s for s, _ in results] == [200] * count
    assert max(seconds for _, seconds in results) < 0.9


# -- a server in this process, with short limits --------------------------------


@pytest.fixture
def folder(tmp_path):
    """A built folder with a file inside, and symlinks that lead out of it and within it."""
    root, outside = tmp_path / "root", tmp_path / "outside"
    write_files(root, {"index.html": "<body>home</body>", "stories/a/index.html": "<body>story</body>",
                       "style.css": "body{}", "404.html": "<body>missing</body>"})
    write_files(outside, {"secret.txt": "root:x:0:0", "index.html": "<body>root:x:0:0</body>"})
    (root / "link-out.txt").symlink_to(outside / "secret.txt")
    (root / "dir-out").symlink_to(outside, target_is_directory=True)
    (root / "link-in.css").symlink_to(root / "style.css")
    return root


@pytest.fixture
def start(folder):
    """start(**limits) -> a running GuardedServer with the preview handler on `folder` under /net/."""
    servers: list[GuardedServer] = []
    errors: list[BaseException] = []

    def run(host: str = "127.0.0.1", **limits) -> GuardedServer:
        handler = partial(PreviewHandler, root=folder, base_path="/net/", state=LiveState())
        server = GuardedServer(host, 0, handler, on_error=errors.append, **limits)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return server

    yield run
    for server in servers:
        server.shutdown()
        server.server_close()
    assert errors == []  # no request met a bug


def _until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_symlinks_never_lead_out_of_the_folder(start):
    port = start().port
    assert status(get(port, "/net/link-out.txt")) == 404
    assert status(get(port, "/net/dir-out/secret.txt")) == 404
    assert status(get(port, "/net/dir-out/")) == 404
    reply = get(port, "/net/link-in.css")
    assert status(reply) == 200 and reply.endswith(b"body{}")
    assert b"root:x" not in get(port, "/net/dir-out/index.html")


def test_search_shards_are_served_from_their_folder_only(folder, tmp_path):
    """The shards live outside the built folder: the same symlink rules hold there, and the
    search page is told only their folder names."""
    shards, outside = tmp_path / "shards", tmp_path / "outside"
    write_files(shards, {"0-abc/pagefind.js": "export {}", "0-abc/fragment/x.pf_fragment": "data"})
    (shards / "0-abc/leak.js").symlink_to(outside / "secret.txt")
    write_files(folder, {"search/index.html": '<body><form id="search-form"></form></body>'})
    search = SimpleNamespace(root=shards, published=(("0-abc",), 0))
    handler = partial(PreviewHandler, root=folder, base_path="/net/", state=LiveState(), search=search)
    server = GuardedServer("127.0.0.1", 0, handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        port = server.port
        reply = get(port, "/__ecmn-press/search/0-abc/pagefind.js")
        assert status(reply) == 200 and reply.endswith(b"export {}")
        for path in ("/__ecmn-press/search/0-abc/leak.js", "/__ecmn-press/search/0-abc/../../outside/secret.txt",
                     "/__ecmn-press/search/%2e%2e/outside/secret.txt", "/__ecmn-press/search/0-abc/nope.js"):
            assert b"root:x" not in get(port, path) and status(get(port, path)) in (400, 404), path
        page = get(port, "/net/search/")
        assert b'window.ecmnPressSearch = {"bundles": ["/__ecmn-press/search/0-abc/"], "pending": 0};' in page
        assert b"ecmnPressSearch" not in get(port, "/net/stories/a/")  # only the search page is told
    finally:
        server.shutdown()
        server.server_close()


def test_a_wrong_host_is_refused_and_a_right_one_served(start):
    port = start().port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        assert status(get(port, host=host)) == 200, host
    for host in (f"evil.example:{port}", f"127.0.0.1:{port + 1}", "localhost", f"localhost.:{port}",
                 f"127.1:{port}", f"[127.0.0.1]:{port}", f"localhost:{port}@evil.example", f" :{port}"):
        reply = get(port, host=host)
        assert status(reply) == 403, host
        assert reply.endswith(b"This preview answers only to localhost and its own address.\n")
    assert status(get(port, "/__ecmn-press/events", host=f"evil.example:{port}")) == 403
    assert status(get(port, host=None, version="HTTP/1.0")) == 200  # no Host, from loopback


def _own_address() -> str | None:
    """An IPv4 address of this machine that is not loopback, if it has one (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_on_every_address_the_host_must_be_the_address_the_request_came_to(start):
    server = start("0.0.0.0")
    port = server.port
    assert not server.loopback_only
    assert status(get(port, host=f"localhost:{port}")) == 200
    own = _own_address()
    if own is None:
        pytest.skip("this machine has no address but loopback")
    assert status(get(port, address=own)) == 200
    assert status(get(port, address=own, host=f"evil.example:{port}")) == 403
    assert status(get(port, address="127.0.0.1", host=f"{own}:{port}")) == 403  # not where it came in
    assert status(get(port, address=own, host=None, version="HTTP/1.0")) == 403  # no Host, not from loopback


def test_an_idle_connection_is_closed_after_the_timeout(start):
    port = start(request_timeout=0.5).port
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        began = time.monotonic()
        assert _read_all(sock) == b""  # closed without a word: it never asked anything
        assert time.monotonic() - began < 0.5 + 1.5


def test_a_request_sent_a_byte_at_a_time_is_cut_off(start):
    port = start(request_timeout=0.8).port
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        began = time.monotonic()
        sock.sendall(b"GET /net/ HTTP/1.1\r\n")
        try:
            for _ in range(40):  # each byte in time for a per-read timeout, never finishing
                time.sleep(0.1)
                sock.sendall(b"X")
        except OSError:
            pass
        reply = _read_all(sock)
        assert status(reply) == 408
        assert time.monotonic() - began < 0.8 + 1.5


def test_connections_beyond_the_bound_are_turned_away_until_idle_ones_time_out(start):
    server = start(request_timeout=1.0, max_connections=4)
    port = server.port
    threads = threading.active_count()
    idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(4)]
    try:
        assert _until(lambda: server.active_connections() == 4, 2)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as extra:
            reply = _read_all(extra)
        assert status(reply) == 503
        assert threading.active_count() <= threads + 4
        assert _until(lambda: server.active_connections() == 0, 3)
        assert status(get(port)) == 200
    finally:
        for sock in idle:
            sock.close()


def _open_events(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(f"GET /__ecmn-press/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(1024)
    assert status(head) == 200 and b"text/event-stream" in head
    return sock


def test_the_event_stream_outlives_the_request_timeout_and_ends_when_the_page_leaves(start, folder):
    state = LiveState()
    handler = partial(PreviewHandler, root=folder, base_path="/net/", state=state)
    server = GuardedServer("127.0.0.1", 0, handler, request_timeout=0.3, poll_interval=0.05)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        stream = _open_events(server.port)
        time.sleep(1.0)  # well past the time allowed to send a request
        state.publish([])
        assert b"event: reload" in stream.recv(1024)
        stream.close()
        assert _until(lambda: server.active_connections() == 0, 2)
    finally:
        server.shutdown()
        server.server_close()


def test_stopping_the_server_ends_the_event_stream(start):
    server = start(poll_interval=0.05)
    stream = _open_events(server.port)
    stopped = threading.Thread(target=lambda: (server.shutdown(), server.server_close()))
    began = time.monotonic()
    stopped.start()
    stopped.join(5)
    assert not stopped.is_alive() and time.monotonic() - began < 3
    assert _read_all(stream) == b""
    stream.close()


def test_a_client_that_stops_reading_is_dropped(start, folder):
    (folder / "big.bin").write_bytes(b"\0" * (64 * 1024 * 1024))
    server = start(write_timeout=0.5)
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", server.port))
        sock.sendall(f"GET /net/big.bin HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        assert _until(lambda: server.active_connections() == 1, 2)
        assert _until(lambda: server.active_connections() == 0, 5)  # while we read nothing


def test_a_bug_in_the_handler_is_a_500_and_goes_to_the_callback_not_the_terminal(folder, capfd):
    class Broken(PreviewHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            raise ZeroDivisionError("planted")

    errors: list[BaseException] = []
    handler = partial(Broken, root=folder, base_path="/net/", state=LiveState())
    server = GuardedServer("127.0.0.1", 0, handler, on_error=errors.append)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        reply = get(server.port)
        assert status(reply) == 500 and b"planted" not in reply
        assert status(get(server.port, "/net/", version="HTTP/1.0", host=None)) == 500  # still answering
    finally:
        server.shutdown()
        server.server_close()
    assert [str(e) for e in errors] == ["planted", "planted"]
    assert capfd.readouterr().err == ""
