"""placeholder: the Letzshop connection services (replaced by the connection part's module)."""

PLACEHOLDER = True


def connection_get(*, store):
    raise NotImplementedError


def connection_test(*, api_key):
    raise NotImplementedError


def connection_save(*, store, actor, api_key=None, **options):
    raise NotImplementedError


def connection_api_key(*, store):
    raise NotImplementedError
