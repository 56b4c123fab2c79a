"""Downloads from the feed's hosts: images chosen for publishing (a minimal stand-in; the feed
import's module of the same name replaces it with the SSRF-guarded version)."""

from __future__ import annotations

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from ..errors import MarketplaceErrorCode

IMAGE_MAX_BYTES = 15 * 1024 * 1024


class FeedDownloadError(Exception):
    def __init__(self, message: str, *, code: str = MarketplaceErrorCode.FEED_UNREACHABLE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def image_fetch(url: str) -> bytes:
    """The bytes of an image at `url`, at most IMAGE_MAX_BYTES."""
    timeout = getattr(settings, "FEED_DOWNLOAD_TIMEOUT", 30)
    try:
        with requests.get(url, stream=True, timeout=timeout, allow_redirects=False) as response:
            if response.status_code != 200:
                raise FeedDownloadError(
                    _("The image answered HTTP %(status)d.") % {"status": response.status_code},
                    code=MarketplaceErrorCode.FEED_HTTP_ERROR,
                )
            data = bytearray()
            for chunk in response.iter_content(64 * 1024):
                data += chunk
                if len(data) > IMAGE_MAX_BYTES:
                    raise FeedDownloadError(_("The image is too large."), code=MarketplaceErrorCode.FEED_TOO_LARGE)
            return bytes(data)
    except requests.RequestException:
        raise FeedDownloadError(_("The image could not be downloaded.")) from None
