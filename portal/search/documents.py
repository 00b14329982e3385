"""What the search engine indexes and returns, independent of any content model."""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class IndexDocument:
    """One searchable item. ``key`` is unique across content types ("news.articlepage:42")."""

    key: str
    title: str
    lead: str = ""
    body: str = ""
    site_id: int = 0
    category_id: int = 0
    published_at: datetime.datetime | None = None


@dataclass(frozen=True)
class SearchFilters:
    site_id: int | None = None
    category_id: int | None = None
    published_from: datetime.datetime | None = None
    published_before: datetime.datetime | None = None


@dataclass(frozen=True)
class SearchHits:
    keys: list[str]
    total: int
    scores: list[float] = field(default_factory=list)
    # How many hold every word of the query; None when results are not split so (one word, more than
    # ranking.MAX_TIERED_WORDS, date order, nothing to look up).
    complete: int | None = None
