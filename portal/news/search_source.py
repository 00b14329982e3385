"""What the search page finds among articles: a simple title and lead match until the search engine lands."""

from django.db.models import Q

from . import listings

MAX_QUERY_WORDS = 10


def find_articles(home, query):
    condition = Q()
    for word in query.split()[:MAX_QUERY_WORDS]:
        condition &= Q(title__icontains=word) | Q(lead__icontains=word)
    return listings.articles_under(home).filter(condition)
