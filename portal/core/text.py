"""Vietnamese text utilities shared by every app: NFC, folding and slugs."""

import re
import unicodedata

from django.utils.text import slugify

# đ/Đ have no Unicode decomposition, so stripping combining marks never folds them.
_D_TRANSLATION = str.maketrans({"đ": "d", "Đ": "D"})
# Separators inside document numbers ("06/2020/NQ-HĐND") become word breaks, not glue.
_SEPARATORS = re.compile(r"[^\w\s-]+")


# What XML 1.0 cannot carry and HTML forbids: C0 controls other than tab, newline and carriage return, DEL, the C1
# controls, lone surrogates and U+FFFE/U+FFFF. One of them in a title made every feed listing it fail.
FORBIDDEN_CHARACTERS = "\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff"
_FORBIDDEN = re.compile(f"[{FORBIDDEN_CHARACTERS}]")
# Word's soft line break (vertical tab) and page break (form feed) are line breaks to the person who typed them.
_LINE_BREAKS = re.compile("[\u000b\u000c]")
# In a one-line field (a title, a name) every line break or tab is a space.
_ONE_LINE_BREAKS = re.compile("[\t\n\r\u000b\u000c]")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the only form the portal stores."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def clean_text(text: str, multiline: bool = True) -> str:
    """``text`` as the portal stores it: NFC, without the characters XML 1.0 and HTML forbid.

    Vertical tabs and form feeds become line breaks; with ``multiline=False`` every line break and tab becomes a
    space, as a one-line field shows it.
    """
    breaks, replacement = (_LINE_BREAKS, "\n") if multiline else (_ONE_LINE_BREAKS, " ")
    return _FORBIDDEN.sub("", breaks.sub(replacement, nfc(text)))


def fold(text: str) -> str:
    """Lower-case ``text`` and remove every Vietnamese diacritic, đ included ("Đà Nẵng" -> "da nang")."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.translate(_D_TRANSLATION))


def slugify_vi(text: str) -> str:
    """An ASCII slug for a Vietnamese title: "Đà Nẵng" -> "da-nang" (Django's own slugify gives "a-nang")."""
    return slugify(_SEPARATORS.sub(" ", fold(text)))
