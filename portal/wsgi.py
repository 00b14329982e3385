import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
django_application = get_wsgi_application()

from portal.visits.handler import BeaconShortcut  # noqa: E402 (needs Django set up)

application = BeaconShortcut(django_application)
