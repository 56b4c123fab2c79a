from django.urls import path

from . import views

auth_urlpatterns = [path("auth/token/", views.TokenView.as_view(), name="api-token")]

store_urlpatterns = [
    path("me/", views.StoreMeView.as_view(), name="api-store-me"),
    path("stores/", views.StoreListView.as_view(), name="api-store-list"),
    path("stores/<str:code>/members/", views.MemberListView.as_view(), name="api-member-list"),
    path("stores/<str:code>/members/<int:pk>/", views.MemberDetailView.as_view(), name="api-member-detail"),
]

storefront_urlpatterns = [path("me/", views.StorefrontMeView.as_view(), name="api-storefront-me")]
