"""Reading storefront pages in tests."""

from __future__ import annotations

import json
import re


def page(client, path, status=200, **extra):
    response = client.get(path, **extra)
    assert response.status_code == status, (path, response.status_code, response.content[:2000])
    return response.content.decode()


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="product-card-title">(.*?)</h3>', html)


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))
