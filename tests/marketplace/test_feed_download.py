"""The SSRF guard and the limits of feed downloads, against the sandbox and a tiny local server
that misbehaves on purpose."""

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from apps.marketplace.feeds.download import FeedDownloadError, _pinned_url, feed_download, image_fetch

FEED = b"id\ttitle\tprice\nA1\tMug\t12.50 EUR\n"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", content_type="text/plain", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if body is not None:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):
        port = self.server.server_address[1]
        routes = {
            "/feed.tsv": lambda: self._send(200, FEED, "text/tab-separated-values"),
            "/missing": lambda: self._send(404, b"nope"),
            "/page": lambda: self._send(200, b"<!DOCTYPE html><html></html>", "text/html"),
            "/disguised": lambda: self._send(200, b"  <html><body>login</body></html>", "text/plain"),
            "/bomb.gz": lambda: self._send(200, gzip.compress(b"\0" * (5 * 1024 * 1024)), "application/gzip"),
            "/gz": lambda: self._send(200, gzip.compress(FEED), "application/octet-stream"),
            "/to-private": lambda: self._send(302, b"", headers={"Location": "http://10.1.2.3/feed.tsv"}),
            "/to-feed": lambda: self._send(302, b"", headers={"Location": f"http://127.0.0.1:{port}/feed.tsv"}),
            "/loop": lambda: self._send(302, b"", headers={"Location": "/loop"}),
        }
        if self.path == "/endless":
            return self._endless()
        routes.get(self.path, lambda: self._send(404))()

    def _endless(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        try:
            self.wfile.write(b"id\ttitle\tprice\n")
            for _ in range(200):
                self.wfile.write(b"A\tB\t1\n")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the client hanging up on purpose (limits, timeouts)


@pytest.fixture
def server(settings):
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    settings.FEED_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fails(url, code, **kwargs):
    with pytest.raises(FeedDownloadError) as caught:
        feed_download(url, **kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value.message


def test_loopback_is_refused_without_the_allow_list(server, settings):
    settings.FEED_ALLOWED_PRIVATE_HOSTS = []
    fails(f"{server}/feed.tsv", "feed_url_forbidden")
    fails("http://localhost/feed.tsv", "feed_url_forbidden")
    fails("http://169.254.169.254/latest/meta-data/", "feed_url_forbidden")
    fails("http://[::1]/x", "feed_url_forbidden")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/feed.tsv", "gopher://x", "not a url"])
def test_other_schemes_are_refused(url):
    fails(url, "feed_url_invalid")


def test_allowed_host_downloads(server):
    with feed_download(f"{server}/feed.tsv") as fh:
        assert fh.read() == FEED


def test_gzip_is_detected_by_its_bytes(server):
    with feed_download(f"{server}/gz") as fh:
        assert fh.read() == FEED


def test_http_errors_carry_the_status(server):
    assert "404" in fails(f"{server}/missing", "feed_http_error")


def test_html_answers_are_refused(server):
    fails(f"{server}/page", "feed_not_a_feed")
    fails(f"{server}/disguised", "feed_not_a_feed")


def test_a_gzip_bomb_stops_at_the_limit(server):
    fails(f"{server}/bomb.gz", "feed_too_large", limit=1024 * 1024)


def test_a_feed_that_never_ends_times_out(server):
    fails(f"{server}/endless", "feed_timeout", timeout=1)


def test_redirects_are_checked(server):
    fails(f"{server}/to-private", "feed_url_forbidden")
    fails(f"{server}/loop", "feed_unreachable")
    with feed_download(f"{server}/to-feed") as fh:
        assert fh.read() == FEED


def test_the_connection_goes_to_the_checked_address():
    assert _pinned_url("https://feeds.example.lu:8443/a.tsv?x=1", "93.184.216.34") == (
        "https://93.184.216.34:8443/a.tsv?x=1"
    )
    assert _pinned_url("http://example.lu/a", "2001:db8::1") == "http://[2001:db8::1]/a"


def test_image_fetch(letzshop, server):
    data = image_fetch(f"{letzshop.url}/images/g-0001-0.jpg")
    assert data[:2] == b"\xff\xd8"
    with pytest.raises(FeedDownloadError):
        image_fetch(f"{server}/feed.tsv")
