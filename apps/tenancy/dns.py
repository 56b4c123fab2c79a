"""Proof of domain ownership through a DNS TXT record, looked up with dnspython."""

from __future__ import annotations

import dns.exception
import dns.resolver


class DnsLookupError(Exception):
    pass


def resolve_txt(name: str) -> list[str]:
    """TXT strings published at `name`. Tests replace this function at its edge."""
    try:
        answer = dns.resolver.resolve(name, "TXT", lifetime=5.0)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return []
    except dns.exception.DNSException as exc:
        raise DnsLookupError(str(exc) or exc.__class__.__name__) from exc
    values = []
    for record in answer:
        values.append(b"".join(record.strings).decode("utf-8", "replace"))
    return values
