"""The wizard's gate, page and API: a gated store leads to its wizard, the API answers
onboarding_required, the wizard's API follows the same rules, and another merchant sees nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.roles import Role
from apps.onboarding.models import OnboardingProgress

from ..accounts.test_api import api, token_for
from ..catalog.factories import image_upload
from .wizard_support import API, PROFILE


def test_store_pages_of_a_gated_store_lead_to_the_wizard(gated):
    client = gated.client(gated.owner())
    response = client.get("/store/ALPHA/")
    assert response.status_code == 302
    assert response["Location"] == "/store/ALPHA/onboarding/"
    assert client.get("/store/ALPHA/settings/").status_code == 302
    page = client.get("/store/ALPHA/onboarding/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Step 1: Merchant profile" in text
    assert "about 11 minutes left" in text
    assert 'name="vat_number"' in text and "Do you sell on Letzshop?" in text
    assert "Finish later" in text
    # signed out: the store's login as always, not the wizard
    assert gated.client().get("/store/ALPHA/")["Location"].startswith("/store/ALPHA/login/")


def test_the_store_api_answers_onboarding_required(gated):
    token = token_for(gated, gated.owner().email)
    response = api(gated, token).get("/api/v1/store/stores/ALPHA/members/")
    assert response.status_code == 403
    assert response.json()["code"] == "onboarding_required"
    assert api(gated, token).get(f"{API}/status/").status_code == 200


def test_the_page_saves_a_step_and_a_reload_resumes_there(gated):
    client = gated.client(gated.owner())
    response = client.post("/store/ALPHA/onboarding/", {**PROFILE, "step": "merchant_profile", "action": "save"})
    assert response.status_code == 302
    # another device, same owner: the wizard is at step 2
    other = gated.client(gated.owner())
    page = other.get("/store/ALPHA/onboarding/").content.decode()
    assert "Step 2: Letzshop connection" in page
    assert "25 % done" in page
    # back to the finished step is allowed, ahead is not (the current step is shown)
    assert "Step 1: Merchant profile" in other.get("/store/ALPHA/onboarding/?step=merchant_profile").content.decode()
    assert "Step 2:" in other.get("/store/ALPHA/onboarding/?step=order_sync").content.decode()


def test_the_page_shows_field_errors_in_plain_words(gated):
    client = gated.client(gated.owner())
    data = {**PROFILE, "vat_number": "LU12", "step": "merchant_profile", "action": "save"}
    response = client.post("/store/ALPHA/onboarding/", data)
    assert response.status_code == 400
    text = response.content.decode()
    # under the field, once; the summary above the step points there
    assert text.count("A Luxembourg VAT number is LU followed by 8 digits.") == 1
    assert "Some fields need a correction: see the messages below." in text


def test_not_on_letzshop_via_the_page_opens_the_dashboard(gated):
    client = gated.client(gated.owner())
    data = {**PROFILE, "sells_on_letzshop": "no", "step": "merchant_profile", "action": "save"}
    response = client.post("/store/ALPHA/onboarding/", data)
    assert response["Location"] == "/store/ALPHA/"
    assert client.get("/store/ALPHA/").status_code == 200


def test_finish_later_pauses_and_offers_to_sign_out(gated):
    client = gated.client(gated.owner())
    response = client.post("/store/ALPHA/onboarding/pause/")
    assert response.status_code == 200
    assert "/accounts/logout/" in response.content.decode()
    assert OnboardingProgress.objects.get(store=gated.store).status == "paused"
    client.get("/store/ALPHA/onboarding/")
    assert OnboardingProgress.objects.get(store=gated.store).status == "in_progress"


def test_the_api_follows_the_wizard(gated):
    client = api(gated, token_for(gated, gated.owner().email))
    status = client.get(f"{API}/status").json()  # without the trailing slash too
    assert status["current_step"] == "merchant_profile"
    assert [step["status"] for step in status["steps"]] == ["current", "pending", "pending", "pending"]
    ahead = client.post(f"{API}/step/product-import/", {}, content_type="application/json")
    assert ahead.status_code == 400 and ahead.json()["code"] == "INVALID_STEP_TRANSITION"
    bad = client.post(f"{API}/step/merchant-profile/", {**PROFILE, "vat_number": "x"}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["code"] == "CONFIGURATION_VALIDATION_FAILED" and "vat_number" in bad.json()["fields"]
    saved = client.post(
        f"{API}/step/merchant-profile", {**PROFILE, "sells_on_letzshop": True}, content_type="application/json"
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["status"]["current_step"] == "letzshop_api"
    assert client.get(f"{API}/step/merchant-profile/").json()["data"]["sells_on_letzshop"] == "yes"
    paused = client.post(f"{API}/pause/")
    assert paused.json()["status"] == "paused"
    assert client.post(f"{API}/resume/").json()["status"] == "in_progress"


def test_only_owner_and_managers_use_the_wizard(gated):
    editor = gated.member(Role.EDITOR)
    response = api(gated, token_for(gated, editor.email)).get(f"{API}/status/")
    assert response.status_code == 403
    manager = gated.member(Role.MANAGER)
    assert api(gated, token_for(gated, manager.email)).get(f"{API}/status/").status_code == 200


def test_another_merchant_cannot_read_or_change_the_wizard(gated, tenant_b):
    token_b = token_for(tenant_b, tenant_b.owner().email)
    # B's token on A's domain means nothing there
    assert api(gated, token_b).get(f"{API}/status/").status_code == 401
    # on B's own domain it is B's (ungated) store, A's state never shows
    own = api(tenant_b, token_b).get(f"{API}/status/").json()
    assert own["status"] == "completed"
    # B's session cannot open A's wizard page
    page = tenant_b.client(tenant_b.owner(), host=gated.host).get("/store/ALPHA/onboarding/")
    assert page.status_code in (302, 403, 404)
    response = api(gated, token_b).post(f"{API}/step/merchant-profile/", PROFILE, content_type="application/json")
    assert response.status_code == 401
    assert OnboardingProgress.objects.get(store=gated.store).status == "not_started"


def test_the_schema_documents_the_wizard_api(tenant_a):
    paths = tenant_a.client().get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    documented = " ".join(paths)
    for part in ("store/onboarding/status", "store/onboarding/step/{step}", "store/onboarding/pause"):
        assert part in documented, part


def test_the_logo_must_be_an_image_and_is_stored(gated, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = gated.client(gated.owner())
    fake = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    data = {**PROFILE, "step": "merchant_profile", "action": "save"}
    refused = client.post("/store/ALPHA/onboarding/", {**data, "logo": fake})
    assert refused.status_code == 400
    assert OnboardingProgress.objects.get(store=gated.store).current_step == ""
    saved = client.post("/store/ALPHA/onboarding/", {**data, "logo": image_upload("logo.png", fmt="PNG")})
    assert saved.status_code == 302
    gated.merchant.refresh_from_db()
    # kept among the merchant's own files
    assert gated.merchant.logo.name.startswith("m_alpha/merchants/logos/logo")
