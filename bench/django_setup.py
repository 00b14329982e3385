"""Importing this module sets Django up for a bench script run from the repository root (dev settings)."""

import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("SECRET_KEY", "bench-only")
django.setup()

QUERIES = Path(__file__).with_name("search_queries.txt")


def query_set():
    """(kind, text) pairs of the fixed mixed query set."""
    lines = QUERIES.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t", 1)) for line in lines if "\t" in line and not line.startswith("#")]
