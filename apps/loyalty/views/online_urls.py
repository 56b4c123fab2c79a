"""Online rewards on the store's domain (namespace "storefront")."""

from django.urls import path

from .online import RewardUseView

urlpatterns = [
    path("account/loyalty/rewards/use/", RewardUseView.as_view(), name="loyalty_reward_use"),
]
