"""The setup wizard's API, /api/v1/store/onboarding/ on the store's domain (the domain's store),
for its owner or a manager signed in with a token or a session. The paths follow the wizard's
first version: status, step/<step>/ (read and save), step/<step>/<action>/ (letzshop-api/test,
order-sync/trigger, order-sync/complete ...), step/order-sync/progress/<job_id>/."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from apps.accounts.access import StorefrontAPIView
from apps.accounts.selectors import membership_get
from apps.core.api.errors import ErrorSerializer
from apps.core.modules import registry

from .. import wizard
from ..views.wizard import SETUP

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 409: ErrorSerializer}
TAGS = ["onboarding"]


def _key(step: str) -> str:
    return step.replace("-", "_")


def _data(request) -> dict[str, Any]:
    """The submitted fields as the steps' forms read them (JSON booleans as yes/no)."""
    data = request.data
    if hasattr(data, "dict"):
        return data.dict()
    if not isinstance(data, dict):  # a JSON list, string or null: no fields at all
        return {}
    return {name: ("yes" if value else "no") if isinstance(value, bool) else value for name, value in data.items()}


class _WizardAPI(StorefrontAPIView):
    abstract = True
    module = "onboarding"
    login_required = True

    def prepare(self, request) -> None:
        """Only the store's owner and managers go through its wizard."""
        membership = membership_get(user=request.user, store=self.store)
        registry.check(
            permission=SETUP, role=membership.role if membership else None, enabled=request.merchant.enabled_modules
        )


class StatusView(_WizardAPI):
    @extend_schema(tags=TAGS, responses={200: OpenApiTypes.OBJECT, **ERRORS}, summary="Setup wizard status")
    def get(self, request):
        return Response(wizard.wizard_state(store=self.store).as_dict())


class StepView(_WizardAPI):
    @extend_schema(tags=TAGS, responses={200: OpenApiTypes.OBJECT, **ERRORS}, summary="Read a wizard step")
    def get(self, request, step: str):
        data = wizard.wizard_step_read(store=self.store, key=_key(step))
        return Response({"step": _key(step), "data": data})

    @extend_schema(
        tags=TAGS, request=OpenApiTypes.OBJECT, responses={200: OpenApiTypes.OBJECT, **ERRORS}, summary="Save a step"
    )
    def post(self, request, step: str):
        state, outcome = wizard.wizard_step_save(
            store=self.store, key=_key(step), data=_data(request), files=request.FILES, actor=request.user
        )
        return Response({"status": state.as_dict(), "data": dict(outcome.data)})


class StepActionView(_WizardAPI):
    @extend_schema(
        operation_id="v1_store_onboarding_step_action",
        tags=TAGS,
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
        summary="Run a step's action (test, preview, trigger; complete saves the step)",
    )
    def post(self, request, step: str, action: str):
        if action == "complete":
            state, outcome = wizard.wizard_step_save(
                store=self.store, key=_key(step), data=_data(request), files=request.FILES, actor=request.user
            )
            return Response({"status": state.as_dict(), "data": dict(outcome.data)})
        outcome = wizard.wizard_step_act(
            store=self.store, key=_key(step), action=action, data=_data(request), actor=request.user
        )
        return Response({"data": dict(outcome.data)})


class StepProgressView(_WizardAPI):
    @extend_schema(tags=TAGS, responses={200: OpenApiTypes.OBJECT, **ERRORS}, summary="A step's job progress")
    def get(self, request, step: str, job_id: int):
        outcome = wizard.wizard_step_act(
            store=self.store, key=_key(step), action="progress", data={"job_id": job_id}, actor=request.user
        )
        return Response(dict(outcome.data))


class PauseView(_WizardAPI):
    @extend_schema(tags=TAGS, request=None, responses={200: OpenApiTypes.OBJECT, **ERRORS}, summary="Finish later")
    def post(self, request):
        wizard.wizard_pause(store=self.store, actor=request.user)
        return Response(wizard.wizard_state(store=self.store).as_dict())


class ResumeView(_WizardAPI):
    @extend_schema(tags=TAGS, request=None, responses={200: OpenApiTypes.OBJECT, **ERRORS}, summary="Resume")
    def post(self, request):
        wizard.wizard_resume(store=self.store)
        return Response(wizard.wizard_state(store=self.store).as_dict())
