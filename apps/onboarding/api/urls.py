"""The setup wizard's API, mounted at /api/v1/. Each path answers with and without its trailing
slash (the wizard's first clients called them without); the schema documents the slashed ones."""

from django.urls import path
from drf_spectacular.utils import extend_schema

from . import views

ROUTES = [
    ("store/onboarding/status/", views.StatusView, "api-onboarding-status"),
    ("store/onboarding/pause/", views.PauseView, "api-onboarding-pause"),
    ("store/onboarding/resume/", views.ResumeView, "api-onboarding-resume"),
    ("store/onboarding/step/<slug:step>/", views.StepView, "api-onboarding-step"),
    ("store/onboarding/step/<slug:step>/progress/<int:job_id>/", views.StepProgressView, "api-onboarding-progress"),
    ("store/onboarding/step/<slug:step>/<slug:action>/", views.StepActionView, "api-onboarding-action"),
]


def _undocumented(view_class):
    """The same view, left out of the schema (the path without its slash)."""
    return extend_schema(exclude=True)(type(view_class.__name__, (view_class,), {"__module__": view_class.__module__}))


urlpatterns = [
    pattern
    for route, view_class, name in ROUTES
    for pattern in (
        path(route, view_class.as_view(), name=name),
        path(route.rstrip("/"), _undocumented(view_class).as_view(), name=f"{name}-noslash"),
    )
]
