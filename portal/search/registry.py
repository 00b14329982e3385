"""Content apps tell search what can be found; search knows nothing of articles.

A source describes one model: how to turn instances into ``IndexDocument``s (None for one that must not be found,
e.g. unpublished), how to list every document for a rebuild, how to load result objects by primary key, and which
objects sit under a page that moved. The search app's signal handlers (``signals``) keep the index in step with
every registered model.
"""

from typing import Protocol

from django.db import models

from .documents import IndexDocument


class SearchSource(Protocol):
    model: type[models.Model]
    label: str  # key prefix, unique per source, e.g. "news.articlepage"

    def documents_for(self, objects) -> dict[int, IndexDocument | None]: ...

    def all_documents(self): ...

    def objects_by_pk(self, pks: list[int]) -> dict[int, models.Model]: ...

    def pks_under(self, page) -> list[int]: ...


_sources: dict[str, SearchSource] = {}


def register_source(source: SearchSource):
    _sources[source.label] = source


def sources() -> list[SearchSource]:
    return list(_sources.values())


def source_for_model(model) -> SearchSource | None:
    return next((s for s in _sources.values() if issubclass(model, s.model)), None)


def make_key(source: SearchSource, pk) -> str:
    return f"{source.label}:{pk}"


def split_key(key: str) -> tuple[SearchSource | None, int | None]:
    label, _, pk = key.rpartition(":")
    source = _sources.get(label)
    return (source, int(pk)) if source and pk.isdigit() else (None, None)
