"""The orders store pages: /store/<code>/orders/..."""

app_name = "orders"

urlpatterns: list = []
