"""Static files with content-hashed names (collectstatic's manifest), their URLs worked out once per process.

Django looks the hashed name up and builds the URL on every {% static %} (four per page); the
manifest only changes with a new collectstatic, which comes with a restart.
"""

import functools

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage


class PortalManifestStaticFilesStorage(ManifestStaticFilesStorage):
    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        return self._remembered_url(name)

    @functools.lru_cache(maxsize=1_000)  # noqa: B019 (one storage per process, kept for its lifetime anyway)
    def _remembered_url(self, name):
        return super().url(name)
