"""The portal's Django project.

pillow_heif, which Wagtail's image library (Willow) imports when it can, is kept out of every process. The portal
accepts no HEIC or AVIF upload (portal/settings/content_safety.py), yet once imported it registers libheif and its
HEVC decoder with Pillow, and every uploaded file is then tried against them: one more decoder facing untrusted
files, and memory in every application process. A None entry in sys.modules makes its import fail, which
Willow expects (``try: from pillow_heif import ... except ImportError``).
"""

import sys

sys.modules.setdefault("pillow_heif", None)
