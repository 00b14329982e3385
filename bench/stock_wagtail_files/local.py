# Copied to the stock project's settings/local.py, which its settings/production.py imports last.
import os

from .base import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "articles"]
SECRET_KEY = os.environ["STOCK_WAGTAIL_SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
