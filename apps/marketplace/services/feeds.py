"""placeholder: the feed services (replaced by the feed import part's module)."""

PLACEHOLDER = True


def feed_sources_save(*, store, urls, actor):
    raise NotImplementedError


def feed_preview(*, store, language, url=None, upload=None):
    raise NotImplementedError


def feed_import_start(*, store, language, actor, url=None, upload=None):
    raise NotImplementedError


def feed_imports_start_all(*, store, actor):
    raise NotImplementedError
