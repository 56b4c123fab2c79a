"""Storefront loyalty API, online rewards: /api/v1/storefront/loyalty/..."""

from django.urls import path

from .online import RewardUseAPIView

urlpatterns = [
    path("rewards/use/", RewardUseAPIView.as_view(), name="loyalty_api_reward_use"),
]
