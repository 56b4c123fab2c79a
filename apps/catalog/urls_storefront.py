"""The catalog on a store's domain, mounted at its root (the home page is storefront:home)."""

from django.urls import path, re_path

from .views import storefront as views

app_name = "shop"

urlpatterns = [
    path("c/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("p/<slug:slug>/", views.ProductView.as_view(), name="product"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("sitemap.xml", views.SitemapView.as_view(), name="sitemap"),
    # pages of the sitemap index; no leading zero, so each page has one address
    re_path(r"^sitemap-(?P<page>[1-9][0-9]{0,5})\.xml$", views.SitemapView.as_view(), name="sitemap_page"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
]
