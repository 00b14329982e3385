"""The seam through which core's repeated lookups go (site settings, page URLs, restricted paths).

Core computes each answer; a delivery layer may remember it by installing a function with ``install``
(portal/delivery/apps.py does). Each lookup names what its answer depends on, so that whoever remembers it knows
what change makes it stale: the data of one site (its id), the view restrictions, or only what every site shares.
"""

INSTALLATION = "installation"  # site records and their root paths, and nothing site-specific
VIEW_RESTRICTIONS = "view-restrictions"  # page view restrictions anywhere in the tree


def _compute(key, compute, *, depends_on=INSTALLATION):
    return compute()


_remember = _compute


def remember(key, compute, *, depends_on=INSTALLATION):
    """``compute()``'s value for ``key``, possibly remembered until what it ``depends_on`` changes: INSTALLATION,
    VIEW_RESTRICTIONS or a site's id. The value must be immutable or a model instance (never shared as is)."""
    return _remember(key, compute, depends_on=depends_on)


def install(function):
    """Make ``function`` (same signature as ``remember``) remember lookups; None restores computing each time."""
    global _remember
    _remember = function or _compute
