from enum import StrEnum


class OrdersErrorCode(StrEnum):
    # cart and checkout
    QUANTITY_INVALID = "quantity_invalid"
    OUT_OF_STOCK = "out_of_stock"
    VARIANT_UNAVAILABLE = "variant_unavailable"
    PRICE_CHANGED = "price_changed"
    CART_EMPTY = "cart_empty"
    CART_NOT_FOUND = "cart_not_found"
    CART_TOO_LARGE = "cart_too_large"
    EMAIL_REQUIRED = "email_required"
    ADDRESS_INVALID = "address_invalid"
    COUNTRY_NOT_SHIPPED = "country_not_shipped"
    SHIPPING_METHOD_INVALID = "shipping_method_invalid"
    PAYMENT_METHOD_INVALID = "payment_method_invalid"
    CARD_PAYMENTS_UNAVAILABLE = "card_payments_unavailable"
    # discount codes
    DISCOUNT_UNKNOWN = "discount_unknown"
    DISCOUNT_PAUSED = "discount_paused"
    DISCOUNT_NOT_STARTED = "discount_not_started"
    DISCOUNT_EXPIRED = "discount_expired"
    DISCOUNT_USED_UP = "discount_used_up"
    DISCOUNT_CUSTOMER_LIMIT = "discount_customer_limit"
    DISCOUNT_MINIMUM = "discount_minimum"
    DISCOUNT_NOT_APPLICABLE = "discount_not_applicable"
    DISCOUNT_CODE_TAKEN = "discount_code_taken"
    # customers
    CUSTOMER_EMAIL_TAKEN = "customer_email_taken"
    # order management
    ORDER_STATE = "order_state"  # the action does not fit the order's state
    FULFIL_TOO_MANY = "fulfil_too_many"
    RETURN_TOO_MANY = "return_too_many"
    REFUND_TOO_MUCH = "refund_too_much"
    PAYMENT_TOO_MUCH = "payment_too_much"
    PAYMENT_FAILED = "payment_failed"
    REFUND_FAILED = "refund_failed"
    LINE_MATCH_INVALID = "line_match_invalid"  # a marketplace line matched to a variant by hand
    # idempotency
    IDEMPOTENCY_KEY_REQUIRED = "idempotency_key_required"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    IDEMPOTENCY_IN_PROGRESS = "idempotency_in_progress"
    # Stripe
    STRIPE_NOT_CONFIGURED = "stripe_not_configured"
    STRIPE_ERROR = "stripe_error"
    WEBHOOK_SIGNATURE = "webhook_signature"
    BANK_DETAILS_INVALID = "bank_details_invalid"
