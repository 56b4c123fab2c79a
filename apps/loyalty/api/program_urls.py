"""The store API of the programme, included by apps/loyalty/api/urls.py under
/api/v1/store/stores/<code>/loyalty/."""

from django.urls import path

from . import program as views
from . import program_images

urlpatterns = [
    path("program/", views.ProgramView.as_view(), name="api-loyalty-program"),
    path("program/logo/", program_images.LogoView.as_view(), name="api-loyalty-program-logo"),
    path("program/hero-image/", program_images.HeroImageView.as_view(), name="api-loyalty-program-hero-image"),
    path("rewards/", views.RewardsView.as_view(), name="api-loyalty-rewards"),
    path("rewards/<int:reward_id>/", views.RewardDetailView.as_view(), name="api-loyalty-reward"),
    path("tiers/", views.TiersView.as_view(), name="api-loyalty-tiers"),
    path("tiers/<int:tier_id>/", views.TierDetailView.as_view(), name="api-loyalty-tier"),
]
