"""The Letzshop settings page: /store/<code>/marketplace/settings/ (store:marketplace:settings)."""

from django.urls import path

from ..views.store import connection as views

urlpatterns = [
    path("settings/", views.ConnectionSettingsView.as_view(), name="settings"),
    path("settings/test/", views.ConnectionTestView.as_view(), name="settings_test"),
    path("settings/disconnect/", views.ConnectionDisconnectView.as_view(), name="settings_disconnect"),
]
