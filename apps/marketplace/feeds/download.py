"""Downloading a feed (and the images it names) without letting a URL reach into our network.

Every URL, and every redirect target, must be http(s) and resolve only to public addresses
(private, loopback, link-local, multicast, reserved and unspecified ones are refused) unless its
host is in settings.FEED_ALLOWED_PRIVATE_HOSTS. The connection then goes to the address that was
checked, not to a second lookup (no DNS rebinding): the URL's host is replaced by that address,
the Host header keeps the name, and for https the TLS handshake still sends and verifies the name
(SNI and certificate, through the pool's server_hostname / assert_hostname). Redirects are
followed by hand, at most MAX_REDIRECTS. The whole download has one time limit
(FEED_DOWNLOAD_TIMEOUT, also for a server that trickles forever) and one size limit
(FEED_MAX_BYTES) counted after gunzip, so a gzip bomb stops at the limit.
"""

from __future__ import annotations

import io
import ipaddress
import socket
import tempfile
import time
import zlib
from collections.abc import Iterator
from typing import IO
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from requests.adapters import HTTPAdapter
from urllib3.exceptions import HTTPError, ReadTimeoutError

from apps.core.errors import ValidationFailed

from ..errors import MarketplaceErrorCode as Code

MAX_REDIRECTS = 5
CHUNK = 256 * 1024
IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_TIMEOUT = 20
REDIRECTS = (301, 302, 303, 307, 308)
GZIP_MAGIC = b"\x1f\x8b"


class FeedDownloadError(ValidationFailed):
    """A feed or image that could not be fetched: `code` (MarketplaceErrorCode) and a plain
    `message` for the merchant."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code, fields={"url": [message]})


class _PinnedHTTPS(HTTPAdapter):
    """An adapter for https to an address: TLS still uses and checks the host's name."""

    def __init__(self, hostname: str) -> None:
        self._hostname = hostname
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["server_hostname"] = self._hostname
        kwargs["assert_hostname"] = self._hostname
        super().init_poolmanager(*args, **kwargs)


def _allowed_private(host: str) -> bool:
    allowed = {h.strip().lower() for h in settings.FEED_ALLOWED_PRIVATE_HOSTS if h.strip()}
    return host.lower() in allowed


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def resolve_checked(url: str) -> tuple[str, str, str]:
    """(scheme, host, address) of a URL that may be fetched, or FeedDownloadError."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FeedDownloadError(Code.FEED_URL_INVALID, _("This is not a valid URL.")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedDownloadError(Code.FEED_URL_INVALID, _("Only http:// and https:// URLs can be imported."))
    host = parts.hostname
    try:
        infos = socket.getaddrinfo(host, port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FeedDownloadError(
            Code.FEED_UNREACHABLE, _("The address %(host)s could not be found.") % {"host": host}
        ) from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not _allowed_private(host) and not all(_public(a) for a in addresses):
        raise FeedDownloadError(
            Code.FEED_URL_FORBIDDEN,
            _("%(host)s points at a private or local network address, which cannot be imported.") % {"host": host},
        )
    return parts.scheme, host, str(addresses[0])


def _pinned_url(url: str, address: str) -> str:
    parts = urlsplit(url)
    netloc = f"[{address}]" if ":" in address else address
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


def _open(url: str, *, deadline: float) -> requests.Response:
    """GET `url` (following redirects by hand, each target checked) and return the streaming
    answer of the last one."""
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, address = resolve_checked(url)
        session = requests.Session()
        session.trust_env = False  # no proxy from the environment: we connect where we checked
        if scheme == "https":
            session.mount("https://", _PinnedHTTPS(host))
        parts = urlsplit(url)
        headers = {"Host": parts.netloc.rsplit("@", 1)[-1], "Accept-Encoding": "gzip", "User-Agent": "shop-feed/1"}
        remaining = max(deadline - time.monotonic(), 0.1)
        try:
            response = session.get(
                _pinned_url(url, address),
                headers=headers,
                stream=True,
                allow_redirects=False,
                timeout=(min(10.0, remaining), remaining),
            )
        except requests.Timeout:
            raise FeedDownloadError(Code.FEED_TIMEOUT, _("The feed server did not answer in time.")) from None
        except requests.RequestException:
            raise FeedDownloadError(
                Code.FEED_UNREACHABLE, _("The feed server %(host)s could not be reached.") % {"host": host}
            ) from None
        if response.status_code in REDIRECTS and response.headers.get("Location"):
            url = urljoin(url, response.headers["Location"])
            response.close()
            continue
        if response.status_code >= 400:
            response.close()
            raise FeedDownloadError(
                Code.FEED_HTTP_ERROR,
                _("The feed server answered with status %(status)s.") % {"status": response.status_code},
            )
        return response
    raise FeedDownloadError(Code.FEED_UNREACHABLE, _("The feed URL redirects too many times."))


def _is_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype", b"<html"))


def _not_a_feed() -> FeedDownloadError:
    return FeedDownloadError(
        Code.FEED_NOT_A_FEED,
        _("The URL answers with a web page (HTML), not a product feed. Check that it is the feed's direct link."),
    )


def _too_large(limit: int) -> FeedDownloadError:
    return FeedDownloadError(
        Code.FEED_TOO_LARGE,
        _("The feed is larger than %(size)s MB, the most an import reads.") % {"size": max(limit // (1024 * 1024), 1)},
    )


def _gunzip(chunks: Iterator[bytes], *, limit: int) -> Iterator[bytes]:
    """Decompress a gzip stream, never producing more than limit + 1 bytes."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    produced = 0
    for chunk in chunks:
        data = chunk
        while data:
            out = inflater.decompress(data, CHUNK)
            produced += len(out)
            yield out
            if produced > limit:
                return
            data = inflater.unconsumed_tail
        if inflater.eof:
            return
    yield inflater.flush()


def copy_limited(chunks: Iterator[bytes], out: IO[bytes], *, gzipped: bool, limit: int, deadline: float) -> int:
    """Write `chunks` (gunzipped when `gzipped` or they start like gzip) to `out`; at most `limit`
    bytes after gunzip, before `deadline`. Refuses HTML. Returns the bytes written."""
    chunks = iter(chunks)
    first = next((c for c in chunks if c), b"")
    gzipped = gzipped or first.startswith(GZIP_MAGIC)
    stream = _chain(first, chunks)
    if gzipped:
        stream = _gunzip(stream, limit=limit)
    written = 0
    checked = False
    for piece in stream:
        if not piece:
            continue
        if not checked:
            checked = True
            if _is_html(piece[:64]):
                raise _not_a_feed()
        written += len(piece)
        if written > limit:
            raise _too_large(limit)
        if time.monotonic() > deadline:
            raise FeedDownloadError(Code.FEED_TIMEOUT, _("The feed took too long to download."))
        out.write(piece)
    return written


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _raw_chunks(response: requests.Response, deadline: float) -> Iterator[bytes]:
    try:
        while True:
            if time.monotonic() > deadline:
                raise FeedDownloadError(Code.FEED_TIMEOUT, _("The feed took too long to download."))
            # read1: whatever one receive brings, so the deadline is checked however slowly it comes
            chunk = response.raw.read1(CHUNK, decode_content=False)
            if not chunk:
                return
            yield chunk
    except (ReadTimeoutError, TimeoutError) as error:
        raise FeedDownloadError(Code.FEED_TIMEOUT, _("The feed server stopped sending.")) from error
    except (requests.RequestException, HTTPError, OSError) as error:
        raise FeedDownloadError(Code.FEED_UNREACHABLE, _("The download of the feed broke off.")) from error


def feed_download(url: str, *, limit: int | None = None, timeout: float | None = None) -> IO[bytes]:
    """Download a feed into a temporary file (gunzipped), positioned at its start."""
    limit = settings.FEED_MAX_BYTES if limit is None else limit
    deadline = time.monotonic() + (settings.FEED_DOWNLOAD_TIMEOUT if timeout is None else timeout)
    response = _open(url, deadline=deadline)
    try:
        content_type = response.headers.get("Content-Type", "").lower()
        if content_type.startswith(("text/html", "application/xhtml")):
            raise _not_a_feed()
        gzipped = (
            "gzip" in response.headers.get("Content-Encoding", "").lower()
            or urlsplit(response.url).path.endswith(".gz")
            or urlsplit(url).path.endswith(".gz")
        )
        out = tempfile.TemporaryFile()  # noqa: SIM115 - returned to the caller, who closes it
        try:
            copy_limited(_raw_chunks(response, deadline), out, gzipped=gzipped, limit=limit, deadline=deadline)
        except BaseException:
            out.close()
            raise
    finally:
        response.close()
    out.seek(0)
    return out


def upload_read(fh: IO[bytes], *, name: str = "", limit: int | None = None) -> IO[bytes]:
    """An uploaded feed file in a temporary file, gunzipped, with the same limits as a download."""
    limit = settings.FEED_MAX_BYTES if limit is None else limit
    deadline = time.monotonic() + settings.FEED_DOWNLOAD_TIMEOUT
    out = tempfile.TemporaryFile()  # noqa: SIM115 - returned to the caller, who closes it
    try:
        chunks = iter(lambda: fh.read(CHUNK), b"")
        copy_limited(chunks, out, gzipped=name.lower().endswith(".gz"), limit=limit, deadline=deadline)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def image_fetch(url: str) -> bytes:
    """An image's bytes (SSRF-guarded as a feed, at most IMAGE_MAX_BYTES, and really an image)."""
    with feed_download(url, limit=IMAGE_MAX_BYTES, timeout=IMAGE_TIMEOUT) as fh:
        data = fh.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise FeedDownloadError(Code.FEED_NOT_A_FEED, _("The image link does not point at an image.")) from None
    return data
