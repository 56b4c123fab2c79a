"""The platform API of loyalty, on the platform domain at /api/v1/platform/ (platform staff)."""

urlpatterns: list = []
