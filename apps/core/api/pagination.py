from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """?page=N&page_size=M (at most 100). A page past the end is a 404 with the usual error body."""

    page_size_query_param = "page_size"
    max_page_size = 100
