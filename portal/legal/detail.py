"""One document's public page: whether the site shows it, what it does to other documents and what they did to
it, its full text as parts with anchors, and its schema.org ``Legislation`` description."""

from collections import Counter
from dataclasses import dataclass

from portal.core.text import slugify_vi

from . import full_text, listing, validity

LEVEL_LABELS = dict(full_text.LEVELS)
# The levels a table of contents lists; a khoản is reached through its điều.
CONTENTS_LEVELS = {"phan", "chuong", "muc", "dieu"}
LEGAL_FORCE = {
    validity.Validity.IN_FORCE: "https://schema.org/InForce",
    validity.Validity.PARTLY_EXPIRED: "https://schema.org/PartiallyInForce",
    validity.Validity.EXPIRED: "https://schema.org/NotInForce",
    validity.Validity.NOT_YET: "https://schema.org/NotInForce",
}


def slug_of(document) -> str:
    """The readable part of a document's address: its number ("06-2020-nq-hdnd")."""
    return slugify_vi(document.number) or "van-ban"


def shown_document(site, pk: int):
    """The live document ``pk`` if ``site`` shows it (its own or a shared one), else None."""
    return listing.published_documents(site).prefetch_related("fields").filter(pk=pk).first()


@dataclass
class RelatedLink:
    label: str  # "Sửa đổi", or from the other side "Được sửa đổi bởi"
    document: object
    partial: bool
    note: str


def related_links(document, site) -> list[RelatedLink]:
    """What the document does to others, then what others did to it: only documents the site shows."""
    acts = (
        document.relations.filter(listing.site_scope(site, "target__"), target__live=True)
        .select_related("target")
        .order_by("sort_order", "pk")
    )
    acted_on = (
        document.acted_on_by.filter(listing.site_scope(site, "source__"), source__live=True)
        .select_related("source")
        .order_by("-source__issued_on", "pk")
    )
    links = [
        RelatedLink(relation.get_kind_display(), relation.target, relation.partial, relation.note) for relation in acts
    ]
    links += [
        RelatedLink(validity.INVERSE_LABELS[relation.kind], relation.source, relation.partial, relation.note)
        for relation in acted_on
    ]
    return links


@dataclass
class Part:
    level: str
    label: str  # "Điều 2"
    heading: str
    text: str
    anchor: str

    @property
    def in_contents(self) -> bool:
        return self.level in CONTENTS_LEVELS


def parts_of(document) -> list[Part]:
    """The full text's parts in order, each with its anchor (``full_text.anchor``). An id must be unique in a page:
    a repeated anchor ("khoan-1" under every điều) keeps the first occurrence and numbers the others ("khoan-1-2")."""
    seen = Counter()
    parts = []
    for block in document.full_text:
        value = block.value
        level, number = value["level"], value["number"]
        anchor = full_text.anchor(level, number)
        seen[anchor] += 1
        if seen[anchor] > 1:
            anchor = f"{anchor}-{seen[anchor]}"
        label = f"{LEVEL_LABELS.get(level, '')} {number}".strip()
        parts.append(Part(level, label, value["heading"] or "", value["text"] or "", anchor))
    return parts


def legislation(document, url: str, current: validity.Validity) -> dict:
    """schema.org ``Legislation`` for the document at ``url``, its empty properties left out."""
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": f"{document.get_doc_type_display()} {document.number}",
        "legislationIdentifier": document.number,
        "legislationType": document.get_doc_type_display(),
        "legislationDate": document.issued_on.isoformat(),
        "legislationDateOfApplicability": document.effective_on.isoformat() if document.effective_on else None,
        "expires": document.expires_on.isoformat() if document.expires_on else None,
        "legislationLegalForce": LEGAL_FORCE[current],
        "legislationJurisdiction": "VN",
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": document.issuer.name},
        "abstract": document.abstract,
        "keywords": ", ".join(field.name for field in document.fields.all()),
        "inLanguage": "vi",
        "url": url,
    }
    return {key: value for key, value in data.items() if value}
