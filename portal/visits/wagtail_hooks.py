from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def statistics_urls():
    return [
        path("thong-ke-truy-cap/", admin_views.statistics, name="visits_statistics"),
        path("thong-ke-truy-cap/csv/", admin_views.statistics_csv, name="visits_statistics_csv"),
    ]


@hooks.register("register_admin_menu_item")
def statistics_menu_item():
    return MenuItem("Thống kê truy cập", reverse("visits_statistics"), icon_name="table", order=900)
