"""Reads of the orders app, split by area; this is their public surface."""

from .customers import customer_address_get as customer_address_get
from .customers import customer_countries as customer_countries
from .customers import customer_get as customer_get
from .customers import customer_list as customer_list
from .customers import customer_orders as customer_orders
from .discount_codes import discount_code_get as discount_code_get
from .discount_codes import discount_code_list as discount_code_list
from .discount_codes import discount_code_state as discount_code_state
from .discount_codes import discount_redemption_list as discount_redemption_list
from .shipping_methods import shipping_method_get as shipping_method_get
from .shipping_methods import shipping_method_list as shipping_method_list
