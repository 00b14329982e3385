from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /tim-kiem/", "Disallow: /api/"]
    site = Site.find_for_request(request)
    if site is not None:  # the Site record's address: nginx caches this answer for every Host it accepts
        lines.append(f"Sitemap: {site.root_url}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
