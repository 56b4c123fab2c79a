"""The module registry's setup wizard steps."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.core.modules import Module, ModuleRegistry, StepContext, StepOutcome, WizardStep, WizardStepHandler, registry


class AlwaysNo(WizardStepHandler):
    def is_applicable(self, store, answers):
        return False

    def save(self, ctx: StepContext) -> StepOutcome:
        return StepOutcome()


HANDLER = "tests.core.test_modules_wizard.AlwaysNo"


def _registry(*modules: Module) -> ModuleRegistry:
    built = ModuleRegistry()
    built.__dict__["_modules"] = {module.code: module for module in modules}
    return built


def test_steps_come_in_order_across_enabled_modules_only():
    first = Module(code="one", name="One", wizard_steps=(WizardStep("b", "B", 20, HANDLER),))
    second = Module(code="two", name="Two", wizard_steps=(WizardStep("a", "A", 10, HANDLER),))
    built = _registry(first, second)
    assert [step.key for step in built.wizard_steps({"one", "two"})] == ["a", "b"]
    assert [step.key for step in built.wizard_steps({"one"})] == ["b"]


def test_a_step_key_used_twice_is_refused():
    step = WizardStep("a", "A", 10, HANDLER)
    built = _registry(
        Module(code="one", name="One", wizard_steps=(step,)), Module(code="two", name="Two", wizard_steps=(step,))
    )
    with pytest.raises(ImproperlyConfigured):
        built.wizard_steps({"one", "two"})


def test_a_step_needs_a_key_and_a_handler_path():
    with pytest.raises(ValueError):
        WizardStep("not a key", "X", 1, HANDLER)
    with pytest.raises(ValueError):
        WizardStep("x", "X", 1, "nodots")


def test_requires_answer_and_the_handler_decide_applicability():
    step = WizardStep("a", "A", 10, "apps.onboarding.steps.MerchantProfileStep", requires_answer="sells")
    assert step.is_applicable(None, {})  # not answered yet: it may still come
    assert not step.is_applicable(None, {"sells": False})
    assert step.is_applicable(None, {"sells": True})
    assert not replace(step, requires_answer="", handler=HANDLER).is_applicable(None, {})


def test_the_installed_modules_declare_the_four_steps_in_order():
    keys = [step.key for step in registry.wizard_steps([module.code for module in registry.all()])]
    assert keys == ["merchant_profile", "letzshop_api", "product_import", "order_sync"]
    letzshop = [step for step in registry.wizard_steps({"onboarding", "marketplace"}) if step.requires_answer]
    assert {step.requires_answer for step in letzshop} == {"sells_on_letzshop"}
