"""Storefront API routes of cart, checkout and the customer's orders, below /api/v1/storefront/."""

from django.urls import path

from . import storefront as views

P = "storefront/"

urlpatterns = [
    path(f"{P}cart/", views.CartAPIView.as_view(), name="api-storefront-cart"),
    path(f"{P}cart/lines/", views.CartLinesAPIView.as_view(), name="api-storefront-cart-lines"),
    path(f"{P}cart/lines/<int:line_id>/", views.CartLineAPIView.as_view(), name="api-storefront-cart-line"),
    path(f"{P}cart/discount/", views.CartDiscountAPIView.as_view(), name="api-storefront-cart-discount"),
    path(f"{P}checkout/", views.CheckoutAPIView.as_view(), name="api-storefront-checkout"),
    path(f"{P}checkout/place/", views.CheckoutPlaceAPIView.as_view(), name="api-storefront-checkout-place"),
    path(f"{P}orders/", views.OrderListAPIView.as_view(), name="api-storefront-orders"),
    path(f"{P}orders/<str:number>/", views.OrderDetailAPIView.as_view(), name="api-storefront-order"),
]
