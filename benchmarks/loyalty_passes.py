"""Apple Wallet passes: how many signed .pkpass files one process builds per second, and how long
a balance change takes to reach a pass through Apple's pass web service.

Certificates are made for the run in a temporary directory (a root CA, a WWDR intermediate and a
pass type certificate with an encrypted key, as tests/loyalty/conftest.py makes them) and set as
the LOYALTY_APPLE_* settings for the duration. A bench merchant (LOYPASS) with the hybrid bench
programme and one card:

- builds: ``wallet.apple.pkpass_build`` (pass.json, images, manifest, detached PKCS#7 signature,
  zip) timed ``--pass-builds`` times in this process after one untimed build (key loading);
- balance change to updated pass: the pass is fetched (``GET /api/v1/loyalty/apple/v1/passes/
  <type>/<serial>``, ``ApplePass`` token, through Django's test client: the real view code) and its
  ``Last-Modified`` kept; then a ledger call (``services.stamp_add``, committed) and the same GET
  with ``If-Modified-Since`` of the previous pass, repeated until it answers 200 with a pass whose
  pass.json differs (the new balance). The time from the ledger call to that answer, median of
  ``--pass-changes`` changes; the changes whose first request after the commit still answered
  304 (a device would keep the old pass) are counted.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import tempfile
import time
import zipfile
from pathlib import Path

from . import loyalty_data as data
from .common import Result, log, percentile

STORE_CODE = "LOYPASS"
PASS_TYPE_ID = "pass.lu.bench.loyalty"
KEY_PASSWORD = "bench-pass-key"  # noqa: S105 - a bench value
POLL_LIMIT_S = 5.0


def certificates(base: Path) -> dict[str, str]:
    """A pass certificate chain of our own; the LOYALTY_APPLE_* settings that use it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    def key():
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def cert(name, subject_key, issuer, issuer_key, *, ca):
        now = dt.datetime.now(dt.UTC)
        return (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(subject_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .sign(issuer_key, hashes.SHA256())
        )

    root_key, wwdr_key, pass_key = key(), key(), key()
    root = cert("Bench Root CA", root_key, "Bench Root CA", root_key, ca=True)
    wwdr = cert("Bench WWDR", wwdr_key, "Bench Root CA", root_key, ca=True)
    pass_cert = cert(f"Pass Type ID: {PASS_TYPE_ID}", pass_key, "Bench WWDR", wwdr_key, ca=False)
    (base / "root.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))  # to verify with openssl
    (base / "wwdr.pem").write_bytes(wwdr.public_bytes(serialization.Encoding.PEM))
    (base / "pass.pem").write_bytes(pass_cert.public_bytes(serialization.Encoding.PEM))
    (base / "pass.key").write_bytes(
        pass_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(KEY_PASSWORD.encode()),
        )
    )
    return {
        "LOYALTY_APPLE_PASS_TYPE_ID": PASS_TYPE_ID,
        "LOYALTY_APPLE_TEAM_ID": "BENCH12345",
        "LOYALTY_APPLE_CERT": str(base / "pass.pem"),
        "LOYALTY_APPLE_KEY": str(base / "pass.key"),
        "LOYALTY_APPLE_KEY_PASSWORD": KEY_PASSWORD,
        "LOYALTY_APPLE_WWDR_CERT": str(base / "wwdr.pem"),
        "LOYALTY_APNS_URL": "",
        "LOYALTY_GOOGLE_ISSUER_ID": "",
        "LOYALTY_GOOGLE_SERVICE_ACCOUNT": "",
        "CELERY_TASK_ALWAYS_EAGER": False,
    }


def builds(store, card_id: int, count: int) -> list[float]:
    from django.db import connection

    from apps.loyalty.models import Card, Program
    from apps.loyalty.wallet import apple

    connection.set_tenant(store.merchant)
    program = Program.objects.get(key=1)
    card = Card.objects.select_related("enrolled_store", "customer", "tier").get(pk=card_id)
    apple.pkpass_build(program=program, card=card)  # loads the key and images
    samples = []
    for _ in range(count):
        began = time.perf_counter()
        apple.pkpass_build(program=program, card=card)
        samples.append(time.perf_counter() - began)
    connection.set_schema_to_public()
    return samples


def _pass_json(content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return z.read("pass.json")


def changes(store, card_id: int, count: int) -> dict:
    from django.db import connection
    from django.test import Client

    from apps.loyalty import services
    from apps.loyalty.models import Card

    connection.set_tenant(store.merchant)
    card = Card.objects.get(pk=card_id)
    connection.set_schema_to_public()
    client = Client(HTTP_HOST=store.subdomain, HTTP_AUTHORIZATION=f"ApplePass {card.pass_token}")
    url = f"/api/v1/loyalty/apple/v1/passes/{PASS_TYPE_ID}/{card.number}"
    waits, polls, stale_first = [], [], 0
    for _ in range(count):
        previous = client.get(url)
        if previous.status_code != 200:
            raise RuntimeError(f"{url} answered {previous.status_code}: {previous.content[:300]!r}")
        since, before = previous["Last-Modified"], _pass_json(previous.content)
        connection.set_tenant(store.merchant)
        began = time.perf_counter()
        services.stamp_add(terminal=services.Terminal(store=store), card=card_id)
        connection.set_schema_to_public()
        tries = 0
        while True:
            tries += 1
            answer = client.get(url, HTTP_IF_MODIFIED_SINCE=since)
            if answer.status_code == 200 and _pass_json(answer.content) != before:
                break
            if answer.status_code not in (200, 304) or time.perf_counter() - began > POLL_LIMIT_S:
                raise RuntimeError(f"no updated pass after {tries} tries: {answer.status_code}")
            time.sleep(0.01)
        waits.append(time.perf_counter() - began)
        polls.append(tries)
        stale_first += tries > 1
        time.sleep(0.137)  # the next change at another point of the second
    return {"waits": waits, "polls": polls, "stale_first": stale_first}


def run(args, _target) -> Result:
    from unittest import mock

    from django.db import connection
    from django.test.utils import override_settings
    from rest_framework.throttling import AnonRateThrottle

    result = Result("loyalty_passes")
    store = data.ensure_store(STORE_CODE, "Loyalty Passes Bench")
    connection.set_tenant(store.merchant)
    data.program_ensure(pin_required=False)
    card_id = data.cards_ensure(store, 1)[0]
    connection.set_schema_to_public()
    # A device asks once per push; the bench asks again and again to find the moment, which the
    # anonymous API throttle (60/min) would refuse: it is off for this process.
    unthrottled = mock.patch.object(AnonRateThrottle, "allow_request", return_value=True)
    with (
        tempfile.TemporaryDirectory(prefix="loyalty-bench-") as base,
        override_settings(**certificates(Path(base))),
        unthrottled,
    ):
        log(f"loyalty_passes: {args.pass_builds} pkpass builds")
        built = builds(store, card_id, args.pass_builds)
        log(f"loyalty_passes: {args.pass_changes} balance changes, each until the web service has the new pass")
        changed = changes(store, card_id, args.pass_changes)
    per_second = len(built) / sum(built)
    result.add(
        "pkpass builds per second (one process)", per_second, "passes/s"
    ).note = f"{len(built)} builds of a signed store card (pass.json, images, manifest, PKCS#7, zip)"
    result.add("pkpass build: median", statistics.median(built) * 1000, "ms")
    result.add("pkpass build: p95", percentile(built, 95) * 1000, "ms")
    waits = changed["waits"]
    result.add("balance change to updated pass ready: median", statistics.median(waits) * 1000, "ms").note = (
        "stamp_add committed -> GET latest pass with If-Modified-Since of the previous pass answers 200 "
        "with the new pass.json (Django test client, real views)"
    )
    result.add("balance change to updated pass ready: p95", percentile(waits, 95) * 1000, "ms")
    stale = changed["stale_first"]
    figure = result.add("changes first answered 304 (stale pass)", stale, "changes", "= 0", stale == 0)
    figure.note = (
        f"{stale} of {len(waits)} changes: the first request after the commit answered 304 Not Modified; "
        f"polls per change median {statistics.median(changed['polls']):g}, max {max(changed['polls'])}"
    )
    result.details = {"builds_s": built, **changed}
    return result


def add_arguments(parser) -> None:
    group = parser.add_argument_group("loyalty_passes")
    group.add_argument("--pass-builds", type=int, default=200, help="timed pkpass builds (default 200)")
    group.add_argument("--pass-changes", type=int, default=30, help="timed balance changes (default 30)")
