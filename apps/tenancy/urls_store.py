from django.urls import path

from .views import store as views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("domains/", views.DomainsView.as_view(), name="domains"),
    path("domains/<int:pk>/<str:action>/", views.DomainActionView.as_view(), name="domain_action"),
]
