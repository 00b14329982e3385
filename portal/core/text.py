"""Vietnamese text utilities shared by every app: NFC, folding and slugs."""

import re
import unicodedata

from django.utils.text import slugify

# đ/Đ have no Unicode decomposition, so stripping combining marks never folds them.
_D_TRANSLATION = str.maketrans({"đ": "d", "Đ": "D"})
# Separators inside document numbers ("06/2020/NQ-HĐND") become word breaks, not glue.
_SEPARATORS = re.compile(r"[^\w\s-]+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the only form the portal stores."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case ``text`` and remove every Vietnamese diacritic, đ included ("Đà Nẵng" -> "da nang")."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.translate(_D_TRANSLATION))


def slugify_vi(text: str) -> str:
    """An ASCII slug for a Vietnamese title: "Đà Nẵng" -> "da-nang" (Django's own slugify gives "a-nang")."""
    return slugify(_SEPARATORS.sub(" ", fold(text)))
