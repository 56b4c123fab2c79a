from .wizard_support import gated  # noqa: F401 - the fixture
