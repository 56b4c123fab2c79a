"""The setup wizard's rules: order, resume, transitions, validation, the not-on-Letzshop path,
pause and resume, the time estimate and the events the analytics count."""

from __future__ import annotations

import pytest

from apps.core.audit import AuditEvent
from apps.core.errors import ValidationFailed
from apps.onboarding import wizard
from apps.onboarding.models import OnboardingEvent, OnboardingProgress, OnboardingStepState
from apps.tenancy.models import Store

from .wizard_support import PROFILE

Status = OnboardingProgress.Status


def _statuses(state):
    return {view.key: view.status for view in state.steps}


def test_a_new_store_starts_at_the_profile_with_every_step_still_to_come(gated):
    state = wizard.wizard_state(store=gated.store)
    assert state.progress.status == Status.NOT_STARTED
    assert state.current.key == "merchant_profile"
    assert _statuses(state) == {
        "merchant_profile": "current",
        "letzshop_api": "pending",
        "product_import": "pending",
        "order_sync": "pending",
    }
    assert state.percent == 0
    # nobody finished yet: the steps' default times, 3 + 2 + 4 + 2 minutes
    assert state.minutes_left == 11


def test_skipping_ahead_is_an_invalid_step_transition(gated):
    with pytest.raises(ValidationFailed) as caught:
        wizard.wizard_step_save(store=gated.store, key="product_import", data={}, actor=gated.owner())
    assert caught.value.code == "INVALID_STEP_TRANSITION"
    with pytest.raises(ValidationFailed) as caught:
        wizard.wizard_step_read(store=gated.store, key="order_sync")
    assert caught.value.code == "INVALID_STEP_TRANSITION"
    event = OnboardingEvent.objects.get(kind="error")
    assert (event.step, event.code) == ("product_import", "INVALID_STEP_TRANSITION")


def test_bad_profile_is_a_configuration_validation_failure_with_fields(gated):
    data = {**PROFILE, "vat_number": "LU123", "contact_email": "nope"}
    with pytest.raises(ValidationFailed) as caught:
        wizard.wizard_step_save(store=gated.store, key="merchant_profile", data=data, actor=gated.owner())
    assert caught.value.code == "CONFIGURATION_VALIDATION_FAILED"
    assert caught.value.fields["vat_number"] == ["A Luxembourg VAT number is LU followed by 8 digits."]
    assert "contact_email" in caught.value.fields
    assert wizard.wizard_state(store=gated.store).current.key == "merchant_profile"
    assert OnboardingEvent.objects.filter(kind="error", code="CONFIGURATION_VALIDATION_FAILED").count() == 1


def test_saving_the_profile_stores_it_where_it_belongs_and_moves_on(gated):
    state, _outcome = wizard.wizard_step_save(
        store=gated.store, key="merchant_profile", data=PROFILE, actor=gated.owner()
    )
    assert state.current.key == "letzshop_api"
    assert state.percent == 25
    assert state.progress.status == Status.IN_PROGRESS
    gated.merchant.refresh_from_db()
    gated.store.refresh_from_db()
    assert (gated.merchant.vat_number, gated.merchant.city) == ("LU12345678", "Luxembourg")
    assert gated.store.contact_phone == "+352621123456"
    assert AuditEvent.objects.filter(action="merchant.profile", store_id=gated.store.id).exists()
    # a reload (a new read of the state) resumes at the same step, and the done step can be reopened
    again = wizard.wizard_state(store=gated.store)
    assert again.current.key == "letzshop_api"
    assert wizard.wizard_step_read(store=gated.store, key="merchant_profile")["vat_number"] == "LU12345678"


def test_other_eu_vat_numbers_are_checked_loosely(gated):
    for number, ok in (("DE123456789", True), ("FR12345678901", True), ("XX123", False), ("DE12", False)):
        data = {**PROFILE, "vat_number": number}
        if ok:
            wizard.wizard_step_save(store=gated.store, key="merchant_profile", data=data, actor=gated.owner())
        else:
            with pytest.raises(ValidationFailed):
                wizard.wizard_step_save(store=gated.store, key="merchant_profile", data=data, actor=gated.owner())


def test_not_selling_on_letzshop_completes_after_the_profile(gated):
    data = {**PROFILE, "sells_on_letzshop": "no"}
    state, _outcome = wizard.wizard_step_save(store=gated.store, key="merchant_profile", data=data, actor=gated.owner())
    assert state.progress.status == Status.COMPLETED
    assert state.percent == 100
    assert _statuses(state)["letzshop_api"] == "not_applicable"
    rows = dict(OnboardingStepState.objects.filter(progress=state.progress).values_list("step", "status"))
    assert rows == {
        "merchant_profile": "completed",
        "letzshop_api": "not_applicable",
        "product_import": "not_applicable",
        "order_sync": "not_applicable",
    }
    assert wizard.onboarding_gate_open(merchant_id=gated.merchant.id, store_code=gated.store.code)
    assert AuditEvent.objects.filter(action="onboarding.complete", store_id=gated.store.id).exists()
    kinds = list(OnboardingEvent.objects.filter(progress=state.progress).values_list("kind", flat=True))
    assert kinds[-2:] == ["step_completed", "completed"]


def test_pause_and_resume(gated):
    owner = gated.owner()
    wizard.wizard_step_save(store=gated.store, key="merchant_profile", data=PROFILE, actor=owner)
    progress = wizard.wizard_pause(store=gated.store, actor=owner)
    assert progress.status == Status.PAUSED and progress.paused_at is not None
    assert progress.current_step == "letzshop_api"
    assert not wizard.onboarding_gate_open(merchant_id=gated.merchant.id, store_code=gated.store.code)
    resumed = wizard.wizard_resume(store=gated.store)
    assert resumed.status == Status.IN_PROGRESS and resumed.paused_at is None
    assert wizard.wizard_state(store=gated.store).current.key == "letzshop_api"
    kinds = list(OnboardingEvent.objects.filter(progress=progress).values_list("kind", flat=True))
    assert "paused" in kinds and kinds[-1] == "resumed"


def test_the_estimate_takes_the_median_of_other_merchants(gated, tenant_b):
    stores = [tenant_b.store] + [
        Store.objects.create(merchant=tenant_b.merchant, code=f"BETA{n}", name=f"Beta {n}") for n in (2, 3)
    ]
    for store, seconds in zip(stores, (300, 600, 1200), strict=True):
        done = OnboardingProgress.objects.create(store=store, status=Status.COMPLETED)
        OnboardingStepState.objects.create(progress=done, step="merchant_profile", status="completed", seconds=seconds)
    # an unfinished wizard does not count
    running = OnboardingProgress.objects.create(
        store=Store.objects.create(merchant=tenant_b.merchant, code="BETA4", name="B")
    )
    OnboardingStepState.objects.create(progress=running, step="merchant_profile", status="completed", seconds=5000)
    state = wizard.wizard_state(store=gated.store)
    assert state.seconds_left == 600 + 120 + 240 + 120
    assert state.minutes_left == 18
    # nor do the merchant's own (other store's) wizards
    own = OnboardingProgress.objects.create(store=gated.stores["ALPHA2"], status=Status.COMPLETED)
    OnboardingStepState.objects.create(progress=own, step="merchant_profile", status="completed", seconds=1)
    assert wizard.wizard_state(store=gated.store).seconds_left == 600 + 120 + 240 + 120


def test_a_finished_wizard_refuses_saves(gated):
    wizard.wizard_step_save(
        store=gated.store, key="merchant_profile", data={**PROFILE, "sells_on_letzshop": "no"}, actor=gated.owner()
    )
    with pytest.raises(Exception) as caught:
        wizard.wizard_step_save(store=gated.store, key="merchant_profile", data=PROFILE, actor=gated.owner())
    assert caught.value.code == "onboarding_finished"


def test_a_store_without_a_wizard_is_not_gated(tenant_a):
    assert wizard.onboarding_gate_open(merchant_id=tenant_a.merchant.id, store_code="ALPHA")
    assert wizard.wizard_state(store=tenant_a.store).percent == 100
