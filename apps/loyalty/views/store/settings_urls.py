"""The programme's settings pages, included by apps/loyalty/urls_store.py (namespace
store:loyalty, at /store/<code>/loyalty/)."""

from django.urls import path

from . import settings, settings_pins, settings_poster, settings_rows

urlpatterns = [
    path("settings/", settings.SettingsView.as_view(), name="settings"),
    path("settings/active/", settings.ProgramActiveView.as_view(), name="settings_active"),
    path("settings/images/", settings.ImagesView.as_view(), name="settings_images"),
    path("settings/rewards/", settings_rows.RewardSaveView.as_view(), name="reward_add"),
    path("settings/rewards/<int:pk>/", settings_rows.RewardSaveView.as_view(), name="reward_edit"),
    path(
        "settings/rewards/<int:pk>/deactivate/",
        settings_rows.RewardDeactivateView.as_view(),
        name="reward_deactivate",
    ),
    path("settings/rewards/<int:pk>/activate/", settings_rows.RewardActivateView.as_view(), name="reward_activate"),
    path("settings/tiers/", settings_rows.TierSaveView.as_view(), name="tier_add"),
    path("settings/tiers/<int:pk>/", settings_rows.TierSaveView.as_view(), name="tier_edit"),
    path("settings/tiers/<int:pk>/delete/", settings_rows.TierDeleteView.as_view(), name="tier_delete"),
    path("settings/pins/", settings_pins.PinsView.as_view(), name="pins"),
    path("settings/pins/<int:pk>/reset/", settings_pins.PinResetView.as_view(), name="pin_reset"),
    path("settings/pins/<int:pk>/revoke/", settings_pins.PinRevokeView.as_view(), name="pin_revoke"),
    path("settings/poster.pdf", settings_poster.PosterView.as_view(), name="poster"),
]
