"""Accounts API routes, mounted at /api/v1/: sign-in tokens, the staff's stores and members, the
customer's own account."""

from django.urls import path

from . import views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("store/me/", views.StoreMeView.as_view(), name="api-store-me"),
    path("store/stores/", views.StoreListView.as_view(), name="api-store-list"),
    path("store/stores/<str:code>/members/", views.MemberListView.as_view(), name="api-member-list"),
    path("store/stores/<str:code>/members/<int:pk>/", views.MemberDetailView.as_view(), name="api-member-detail"),
    path("storefront/me/", views.StorefrontMeView.as_view(), name="api-storefront-me"),
]
