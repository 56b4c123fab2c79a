"""placeholder: the order sync services (replaced by the order sync part's module)."""

PLACEHOLDER = True


def order_history_start(*, store, actor):
    raise NotImplementedError


def order_history_progress(*, store, job_id):
    raise NotImplementedError
