"""Reads of the orders app, split by area; this is their public surface."""

from .customers import customer_address_get as customer_address_get
from .customers import customer_countries as customer_countries
from .customers import customer_get as customer_get
from .customers import customer_list as customer_list
from .customers import customer_orders as customer_orders
from .shipping_methods import shipping_method_get as shipping_method_get
from .shipping_methods import shipping_method_list as shipping_method_list
