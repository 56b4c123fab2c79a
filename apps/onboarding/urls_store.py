"""The new owner's confirmation pages, under /store/<code>/ in the `store` namespace."""

from django.urls import path

from .views import store as views

urlpatterns = [
    path("confirm/resend/", views.SignupConfirmationResendView.as_view(), name="signup_confirmation_resend"),
    path("confirm/<str:token>/", views.SignupConfirmView.as_view(), name="signup_confirm"),
]
