"""Reading the storefront's sitemap XML in tests."""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
BASE = "http://alpha.testserver.local"


def xml(client, path: str) -> ElementTree.Element:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return ElementTree.fromstring(response.content)


def entries(root: ElementTree.Element, kind: str) -> dict[str, datetime | None]:
    """{loc: lastmod} of a urlset (kind "url") or a sitemap index (kind "sitemap"); every child is
    in the sitemaps.org namespace and nothing else is there."""
    assert all(child.tag == f"{{{NS}}}{kind}" for child in root), [child.tag for child in root]
    found = {}
    for child in root:
        lastmod = child.findtext(f"{{{NS}}}lastmod")
        found[child.findtext(f"{{{NS}}}loc")] = datetime.fromisoformat(lastmod) if lastmod else None
    return found
