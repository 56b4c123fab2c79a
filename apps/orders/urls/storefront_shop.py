"""Cart, checkout and the customer's orders on the store's domain (namespace "shop")."""

from django.urls import path

from ..views.storefront import account, cart, checkout

urlpatterns = [
    path("cart/", cart.CartPageView.as_view(), name="cart"),
    path("cart/mini/", cart.MiniCartView.as_view(), name="cart_mini"),
    path("cart/add/", cart.CartAddView.as_view(), name="cart_add"),
    path("cart/lines/<int:line_id>/", cart.CartLineView.as_view(), name="cart_line"),
    path("cart/accept/", cart.CartAcceptView.as_view(), name="cart_accept"),
    path("cart/discount/", cart.CartDiscountView.as_view(), name="cart_discount"),
    path("checkout/", checkout.CheckoutView.as_view(), name="checkout"),
    path("checkout/done/<str:token>/", checkout.CheckoutDoneView.as_view(), name="checkout_done"),
    # after leaving Stripe's page unpaid: pay again, or change the order
    path("checkout/done/<str:token>/pay/", checkout.CheckoutCardView.as_view(), {"choice": "pay"}, name="checkout_pay"),
    path(
        "checkout/done/<str:token>/change/",
        checkout.CheckoutCardView.as_view(),
        {"choice": "change"},
        name="checkout_change",
    ),
    path("account/orders/", account.OrderListView.as_view(), name="account_orders"),
    path("account/orders/<str:number>/", account.OrderDetailView.as_view(), name="account_order"),
    path("account/orders/<str:number>/return/", account.OrderReturnView.as_view(), name="account_order_return"),
    path("account/orders/<str:number>/reorder/", account.OrderReorderView.as_view(), name="account_order_reorder"),
]
