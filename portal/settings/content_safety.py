"""Content safety: the HTML sanitiser's allowlist and the upload checks (issue 5). Imported by base.py."""

CONTENT_SAFETY_APPS: list[str] = []
