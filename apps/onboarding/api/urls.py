"""The setup wizard's API, mounted at /api/v1/ (paths with or without the trailing slash)."""

from django.urls import re_path

from . import views

P = r"^store/onboarding/"
STEP = r"step/(?P<step>[a-z][a-z0-9-]*)"

urlpatterns = [
    re_path(P + r"status/?$", views.StatusView.as_view(), name="api-onboarding-status"),
    re_path(P + r"pause/?$", views.PauseView.as_view(), name="api-onboarding-pause"),
    re_path(P + r"resume/?$", views.ResumeView.as_view(), name="api-onboarding-resume"),
    re_path(
        P + STEP + r"/progress/(?P<job_id>[0-9]+)/?$", views.StepProgressView.as_view(), name="api-onboarding-progress"
    ),
    re_path(
        P + STEP + r"/(?P<action>[a-z][a-z0-9-]*)/?$", views.StepActionView.as_view(), name="api-onboarding-action"
    ),
    re_path(P + STEP + r"/?$", views.StepView.as_view(), name="api-onboarding-step"),
]
