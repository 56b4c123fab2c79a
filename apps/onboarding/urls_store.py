"""The new owner's confirmation pages and the setup wizard, under /store/<code>/ in the `store`
namespace."""

from django.urls import path

from .views import store as views
from .views import wizard

urlpatterns = [
    path("confirm/resend/", views.SignupConfirmationResendView.as_view(), name="signup_confirmation_resend"),
    path("confirm/<str:token>/", views.SignupConfirmView.as_view(), name="signup_confirm"),
    path("onboarding/", wizard.WizardView.as_view(), name="onboarding"),
    path("onboarding/pause/", wizard.WizardPauseView.as_view(), name="onboarding_pause"),
    path("onboarding/<slug:step>/poll/", wizard.WizardStepPollView.as_view(), name="onboarding_poll"),
]
