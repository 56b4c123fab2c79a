"""Platform admin of the wizard: the list, skipping with a reason (admin and platform API,
audited) and the onboarding analytics."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from apps.core.audit import AuditEvent
from apps.onboarding import selectors, wizard
from apps.onboarding.models import OnboardingEvent, OnboardingProgress, OnboardingStepState

from ..conftest import DOMAIN
from .wizard_support import PROFILE

ADMIN = "/admin/onboarding/onboardingprogress/"


def _admin(platform_admin) -> Client:
    client = Client(HTTP_HOST=DOMAIN)
    client.force_login(platform_admin)
    return client


def test_the_admin_lists_stores_onboarding_state(gated, platform_admin):
    response = _admin(platform_admin).get(ADMIN)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Alpha (ALPHA)" in text and "Not started" in text
    assert _admin(platform_admin).get(ADMIN, {"q": "ALPHA"}).status_code == 200
    assert _admin(platform_admin).get(ADMIN, {"status__exact": "paused"}).status_code == 200


def test_the_admin_skips_with_a_reason_and_audits_it(gated, platform_admin):
    progress = OnboardingProgress.objects.get(store=gated.store)
    client = _admin(platform_admin)
    asked = client.post(ADMIN, {"action": "skip_onboarding", "_selected_action": [progress.pk]})
    assert asked.status_code == 200 and "Reason" in asked.content.decode()
    assert OnboardingProgress.objects.get(pk=progress.pk).status == "not_started"
    done = client.post(
        ADMIN, {"action": "skip_onboarding", "_selected_action": [progress.pk], "reason": "Migrated by support"}
    )
    assert done.status_code == 302
    progress.refresh_from_db()
    assert (progress.status, progress.skipped_by, progress.skip_reason) == (
        "skipped",
        "root@platform.test",
        "Migrated by support",
    )
    audit = AuditEvent.objects.get(action="onboarding.skip", store_id=gated.store.id)
    assert audit.data == {"reason": "Migrated by support"} and audit.actor_email == "root@platform.test"
    assert gated.client(gated.owner()).get("/store/ALPHA/").status_code == 200


def test_the_change_form_offers_the_skip_button(gated, platform_admin):
    progress = OnboardingProgress.objects.get(store=gated.store)
    client = _admin(platform_admin)
    assert f"{ADMIN}{progress.pk}/skip/" in client.get(f"{ADMIN}{progress.pk}/change/").content.decode()
    assert client.post(f"{ADMIN}{progress.pk}/skip/", {"reason": ""}).status_code == 200  # the reason is required
    assert client.post(f"{ADMIN}{progress.pk}/skip/", {"reason": "VIP"}).status_code == 302
    assert OnboardingProgress.objects.get(pk=progress.pk).status == "skipped"


def test_the_platform_api_skips_for_staff_only(gated, platform_admin):
    path = "/api/v1/platform/stores/ALPHA/onboarding/skip/"
    anonymous = Client(HTTP_HOST=DOMAIN).post(path, {"reason": "x"}, content_type="application/json")
    assert anonymous.status_code in (401, 403)
    client = _admin(platform_admin)
    empty = client.post(path, {"reason": " "}, content_type="application/json")
    assert empty.status_code == 400 and empty.json()["code"] == "skip_reason_required"
    missing = client.post(
        "/api/v1/platform/stores/NOPE/onboarding/skip", {"reason": "x"}, content_type="application/json"
    )
    assert missing.status_code == 404
    response = client.post(path, {"reason": "Support case 42"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "skipped"
    assert AuditEvent.objects.filter(action="onboarding.skip", store_id=gated.store.id).count() == 1
    again = client.post(path, {"reason": "again"}, content_type="application/json")
    assert again.status_code == 409


def test_the_analytics_count_the_funnel_the_stuck_and_the_errors(gated, tenant_b, platform_admin):
    owner = gated.owner()
    wizard.wizard_step_save(store=gated.store, key="merchant_profile", data=PROFILE, actor=owner)
    wizard.wizard_step_begin(progress=OnboardingProgress.objects.get(store=gated.store), key="letzshop_api")
    other = OnboardingProgress.objects.create(store=tenant_b.store, status="in_progress")
    OnboardingStepState.objects.create(progress=other, step="merchant_profile", status="started")
    OnboardingProgress.objects.filter(pk=other.pk).update(updated_at=timezone.now() - timedelta(days=9))
    for _ in range(2):
        OnboardingEvent.objects.create(
            progress=other, kind="error", step="merchant_profile", code="CONFIGURATION_VALIDATION_FAILED"
        )
    OnboardingEvent.objects.create(
        progress=other,
        kind="error",
        step="letzshop_api",
        code="INTEGRATION_CONNECTION_FAILED",
        detail_code="letzshop_auth_failed",
    )

    funnel = {row.key: row for row in selectors.onboarding_funnel()}
    assert (funnel["merchant_profile"].started, funnel["merchant_profile"].completed) == (2, 1)
    assert funnel["merchant_profile"].dropped == 1
    assert funnel["merchant_profile"].median_seconds is not None
    assert (funnel["letzshop_api"].started, funnel["letzshop_api"].completed) == (1, 0)
    assert [row.store_id for row in selectors.progress_stuck()] == [tenant_b.store.id]
    errors = selectors.onboarding_errors()
    assert (errors[0]["code"], errors[0]["count"]) == ("CONFIGURATION_VALIDATION_FAILED", 2)
    assert errors[1]["detail_code"] == "letzshop_auth_failed"

    page = _admin(platform_admin).get(f"{ADMIN}analytics/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text and "Merchant profile: started" in text
    assert "Beta (BETA)" in text and "letzshop_auth_failed" in text
