from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.urls import serve_pattern

from portal.core.views import robots_txt
from portal.delivery import documents, routing
from portal.search.views import search, search_api, suggest_api
from portal.visits.views import beacon

# A lost database connection answers 503 with Retry-After; any other error the 500 page
# (portal/delivery/unavailable.py).
handler500 = "portal.delivery.unavailable.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/xac-thuc-hai-lop/", include("portal.accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(documents)),
    path("tim-kiem/", search, name="search"),
    path("api/tim-kiem/", search_api, name="search_api"),
    path("api/goi-y/", suggest_api, name="suggest_api"),
    path("api/thong-ke/", beacon, name="visits_beacon"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

if settings.DEBUG or settings.PORTAL_SERVE_MEDIA:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns
    from django.views.static import serve

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

# Wagtail's own front-end URLs (the private-content login and page passwords under _util/) come first: the page
# pattern matches them too. Pages are then served by Wagtail's view with their routes remembered.
urlpatterns += [pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", None) != "wagtail_serve"]
urlpatterns += [re_path(serve_pattern, routing.serve, name="wagtail_serve")]
