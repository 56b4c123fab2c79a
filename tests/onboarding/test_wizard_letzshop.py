"""The marketplace's wizard steps against the Letzshop sandbox. They run once the marketplace's
services (connection, feeds, order sync) are there; until then their placeholders skip them."""

from __future__ import annotations

import pytest

from apps.core.errors import ValidationFailed
from apps.marketplace.services import connection, feeds, order_sync
from apps.onboarding import wizard
from apps.onboarding.models import OnboardingEvent
from tools.letzshop_sandbox import DEMO_API_KEY

from ..accounts.test_api import api, token_for
from .wizard_support import API, PROFILE

PLACEHOLDER = any(getattr(module, "PLACEHOLDER", False) for module in (connection, feeds, order_sync))
needs_services = pytest.mark.skipif(PLACEHOLDER, reason="the marketplace services are placeholders in this branch")


@pytest.fixture
def at_letzshop(gated):
    wizard.wizard_step_save(store=gated.store, key="merchant_profile", data=PROFILE, actor=gated.owner())
    return gated


def test_a_missing_key_is_a_validation_failure(at_letzshop):
    with at_letzshop, pytest.raises(ValidationFailed) as caught:
        wizard.wizard_step_act(
            store=at_letzshop.store, key="letzshop_api", action="test", data={"api_key": ""}, actor=None
        )
    assert caught.value.code == "CONFIGURATION_VALIDATION_FAILED"
    assert caught.value.fields == {"api_key": ["Enter your Letzshop API key."]}


@needs_services
def test_the_connection_test_shows_success_or_the_exact_failure(at_letzshop, letzshop):
    client = api(at_letzshop, token_for(at_letzshop, at_letzshop.owner().email))
    ok = client.post(f"{API}/step/letzshop-api/test/", {"api_key": DEMO_API_KEY}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["data"]["vendor"]
    bad = client.post(f"{API}/step/letzshop-api/test", {"api_key": "wrong-key"}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["code"] == "INTEGRATION_CONNECTION_FAILED"
    assert bad.json()["message"]
    assert OnboardingEvent.objects.filter(
        code="INTEGRATION_CONNECTION_FAILED", detail_code="letzshop_auth_failed"
    ).exists()
    # nothing was saved: the wizard is still at the connection
    assert client.get(f"{API}/status/").json()["current_step"] == "letzshop_api"


@needs_services
def test_the_letzshop_steps_end_to_end(at_letzshop, letzshop, django_capture_on_commit_callbacks):
    client = api(at_letzshop, token_for(at_letzshop, at_letzshop.owner().email))
    saved = client.post(
        f"{API}/step/letzshop-api/",
        {"api_key": DEMO_API_KEY, "default_carrier": "post_lu"},
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["status"]["current_step"] == "product_import"
    urls = {"url_fr": letzshop.feed_url("fr"), "url_de": "", "url_en": ""}
    preview = client.post(f"{API}/step/product-import/preview/", urls, content_type="application/json")
    assert preview.status_code == 200, preview.content
    found = preview.json()["data"]["previews"]["fr"]
    assert "id" in found["columns"] and 0 < len(found["rows"]) <= 5
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"{API}/step/product-import/", urls, content_type="application/json")
    assert started.status_code == 200, started.content
    assert started.json()["status"]["current_step"] == "order_sync"
    early = client.post(f"{API}/step/order-sync/complete/", {}, content_type="application/json")
    assert early.status_code == 400 and early.json()["code"] == "CONFIGURATION_VALIDATION_FAILED"
    with django_capture_on_commit_callbacks(execute=True):
        trigger = client.post(f"{API}/step/order-sync/trigger/", {}, content_type="application/json")
    assert trigger.status_code == 200, trigger.content
    job_id = trigger.json()["data"]["job_id"]
    progress = client.get(f"{API}/step/order-sync/progress/{job_id}/").json()
    assert {"status", "percent", "orders_created", "finished"} <= set(progress)
    done = client.post(f"{API}/step/order-sync/complete", {}, content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["status"]["status"] == "completed"
    assert (
        api(at_letzshop, token_for(at_letzshop, at_letzshop.owner().email))
        .get("/api/v1/store/stores/ALPHA/members/")
        .status_code
        == 200
    )
