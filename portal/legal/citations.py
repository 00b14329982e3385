"""Find citations of legal documents in Vietnamese text: by type and number, or by name for codes and laws.

``extract_citations(text)`` returns a ``Citation`` per mention, in text order. The choices behind the fields:

- The text is NFC-normalised first; ``span``, ``start`` and ``end`` refer to that NFC text (for NFC input, the
  text as given). Spacing inside a citation is kept in ``span`` as written ("NĐ - CP").
- ``type`` comes from the controlled list (``DOCUMENT_TYPES``). A number carrying TTLT makes it "Thông tư liên
  tịch", one carrying VBHN "Văn bản hợp nhất"; "văn bản 12/UB-CN" is "Khác". BLHS and the other code
  abbreviations are "Bộ luật".
- ``number`` is upper case without spaces, with Đ restored in the issuer abbreviations people type without it
  (ND-CP -> NĐ-CP, QD-TTg -> QĐ-TTG, HDND -> HĐND), so two spellings of one document compare equal. A bare
  "Nghị định 95" gives "95". None when the document is cited by name only.
- ``name`` is the lower-cased name as written, without the year ("luật doanh nghiệp"); abbreviations are spelled
  out ("bộ luật hình sự"); the constitution is always "hiến pháp" ("Hiến pháp Mỹ" too, and "Hiến pháp nước Cộng
  hòa xã hội chủ nghĩa Việt Nam năm 2013" is one span). None when a number identifies the document, even if a
  name is written too ("Luật Điện ảnh số 62/2006/QH11" has number 62/2006/QH11 and no name).
- ``year`` is the year written after a name ("Luật Doanh nghiệp năm 2005", "BLHS 1999") or the year inside the
  number (163/2003/NĐ-CP -> 2003); an issuing date ("ngày 11-9-2001") is not used. None otherwise.
- ``articles`` holds the article reference written just before the citation ("khoản 1, Điều 2 Nghị định ...",
  "Điều 5 của Luật ...") as "điều 2 khoản 1" (điều, khoản, điểm in that order). The span leaves it out: the span
  is the document reference alone, from the type word through the number, or the name and its year.
- Not citations: a type word without a number ("ra quyết định", "Nghị định hướng dẫn"), a bare number followed by
  a unit ("Kế hoạch 5 năm"), "quyết định" as a verb before a number ("đã quyết định 60 phút"), "luật sư",
  "Luật này", university and firm names ("ĐH Luật"), and numbers with no type word (dates, scores, phones).

Law names have no end marker in running text. A name runs over the words after the type word until a word that
cannot be inside a name (``_NAME_STOP``: "số", "năm", "của", "quy định", verbs...), punctuation or a digit.
A comma or "và" continues it only before the words that follow them in real law names ("Phòng, chống",
"Hôn nhân và gia đình"): a lexicon, so an unusual long name ("Pháp lệnh thuế thu nhập đối với người có thu nhập
cao") is cut short.

``score(examples)`` measures all this against hand-labelled sentences (tests/legal/citations_labelled.jsonl).
"""

import re
from dataclasses import asdict, dataclass, field

from portal.core.text import nfc

DOCUMENT_TYPES = (
    "Hiến pháp",
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Chỉ thị",
    "Thông tư",
    "Thông tư liên tịch",
    "Văn bản hợp nhất",
    "Công văn",
    "Kế hoạch",
    "Thông báo",
    "Báo cáo",
    "Khác",
)
NAMED_TYPES = {"Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh"}

# Written type words (lower case, single spaces) -> document type. "văn bản" alone only leads a number ("Khác").
_TYPE_WORDS = {doc_type.lower(): doc_type for doc_type in DOCUMENT_TYPES if doc_type != "Khác"}
_TYPE_WORDS["văn bản"] = "Khác"

CODE_ABBREVIATIONS = {
    "BLHS": "bộ luật hình sự",
    "BLDS": "bộ luật dân sự",
    "BLTTHS": "bộ luật tố tụng hình sự",
    "BLTTDS": "bộ luật tố tụng dân sự",
    "BLLĐ": "bộ luật lao động",
    "BLLD": "bộ luật lao động",
}
# "Bộ luật TTHS": the part of the abbreviation after BL, written after the type word.
_CODE_SUFFIXES = {abbr[2:]: name[len("bộ luật ") :] for abbr, name in CODE_ABBREVIATIONS.items()}

_SPACE = r"[^\S\n]"  # a space that does not cross a line


def _words(text: str) -> frozenset:
    """A set of words written as one space-separated string."""
    return frozenset(text.split())


def _type_pattern(words):
    return rf"{_SPACE}+".join(re.escape(word) for word in words.split())


_TYPE_ALTERNATION = "|".join(_type_pattern(words) for words in sorted(_TYPE_WORDS, key=len, reverse=True))
_ABBREVIATION_ALTERNATION = "|".join(sorted(CODE_ABBREVIATIONS, key=len, reverse=True))

# The one scan over the text: every type word and code abbreviation. The rest is read from where it ends.
_FINDER = re.compile(rf"(?:(?P<type>(?i:{_TYPE_ALTERNATION}))|(?P<abbr>{_ABBREVIATION_ALTERNATION}))(?!\w)")

# A document number: "163/2003/NĐ-CP", "55/2001/NĐ - CP", "15/CP", "2037/QĐĐT", "477-TTg", "108/2005", "95".
_ABBREVIATION_PART = rf"(?:{_SPACE}*-{_SPACE}*[A-ZĐ][A-ZĐ0-9]*(?!\w)|-[A-ZĐa-zđ][A-ZĐa-zđ0-9]*(?!\w))"
_NUMBER = (
    rf"\d{{1,5}}(?:{_SPACE}*/{_SPACE}*[0-9A-ZĐa-zđ]+(?!\w){_ABBREVIATION_PART}*)*"
    rf"(?:-[A-ZĐ][A-ZĐa-zđ]*(?!\w){_ABBREVIATION_PART}*)?"
)
_NUMBER_AFTER_TYPE = re.compile(
    # "Thông tư của Bộ Tư pháp số 12/1999/TT-BTP": the issuer may stand between the type word and "số".
    rf"(?:{_SPACE}+của{_SPACE}+[^\d\n.,;:()\"“”]{{1,60}}?(?={_SPACE}+số{_SPACE}*:?{_SPACE}*\d))?"
    rf"(?:{_SPACE}*(?P<so>(?i:số)){_SPACE}*:?)?"
    # "Nghị quyết 03 03/2004/NQ-HĐTP": the short number repeated before the full one.
    rf"{_SPACE}*(?:\d{{1,4}}{_SPACE}+(?=\d{{1,4}}/(?:19|20)\d\d/))?"
    rf"(?P<number>{_NUMBER})(?![\d])"
)
_NUMBER_AFTER_NAME = re.compile(rf"{_SPACE}+(?i:số){_SPACE}*(?P<number>{_NUMBER})(?![\d])")
_YEAR_AFTER_NAME = re.compile(
    rf"{_SPACE}*(?:-{_SPACE}*)?(?:(?i:năm){_SPACE}+)?(?P<year>(?:19|20)\d\d)(?![\d/.,-]\d|\d)"
)
_YEAR_IN_NUMBER = re.compile(r"/((?:19|20)\d\d)(?=/|-|$)")
# "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013": the country is part of the reference, not a name.
_CONSTITUTION_OF = re.compile(
    rf"{_SPACE}+(?i:nước{_SPACE}+cộng{_SPACE}+h(?:òa|oà){_SPACE}+xã{_SPACE}+hội{_SPACE}+chủ{_SPACE}+nghĩa"
    rf"{_SPACE}+việt{_SPACE}+nam)(?!\w)"
)
_YEAR_ONLY = re.compile(r"(?:19|20)\d\d")
_CODE_AFTER_TYPE = re.compile(rf"{_SPACE}+(?P<code>[A-ZĐ]{{2,5}})(?!\w)")  # "Bộ luật TTHS"
_NUMBER_SEPARATOR = re.compile(r"([/-])")
_WHITESPACE = re.compile(r"\s+")
_COMMA = re.compile(r"\s*,\s*")
_NAME_WORD = re.compile(rf"{_SPACE}*(?P<comma>,)?{_SPACE}*(?P<word>[^\W\d_]+)")
_NEXT_WORD = re.compile(rf"{_SPACE}*(?P<word>%|[^\W\d_]+)")
_THOUSANDS = re.compile(r"[.,]\d")
_DATE_DIGIT = re.compile(rf"{_SPACE}*\d")
_PREVIOUS_WORDS = re.compile(r"(\w+)\W*?(\w+)?\W*\Z")

# "khoản 1, Điều 2 ", "Điều 5 của ", "điểm a khoản 2 Điều 3 ", "Điều 28, chương 3, " right before the citation.
_ARTICLE_TAIL = re.compile(
    rf"(?i:(?:(?:điểm|khoản|điều|chương|phần|mục){_SPACE}+(?:\d+[a-zđ]?|[a-zđ]|[ivxlc]+)(?!\w)"
    rf"{_SPACE}*[,–-]?{_SPACE}*)+(?:(?:của|tại|thuộc|dự{_SPACE}+thảo){_SPACE}+)?)\Z"
)
_ARTICLE_PART = re.compile(r"(?i)(điểm|khoản|điều)\s+(\w+)")
_ARTICLE_LOOKBACK = 120

# Words that follow a bare number as its unit: "Kế hoạch 5 năm", "quyết định 60 phút", "Thông báo 3 người".
_UNITS = _words(
    "năm tháng ngày giờ phút giây tuần người %  đồng tỷ tỉ triệu nghìn ngàn lần km m ha tấn kg usd trường hộ "
    "xe chiếc ghế vụ ca học tuổi điểm trận bàn bước hoặc đến trên"
)
# The word before a lower-case "quyết định 150" that makes it a verb ("đã", "có thể", "ra").
_VERB_CONTEXT = _words("đã sẽ thể vừa mới ra được không chưa phải cần tự đang hãy cùng cũng bị nhằm")
# Types whose lower-case word before a bare number is too often plain language ("thông báo 3 ca").
_NEEDS_SO_WHEN_LOWER = {"Kế hoạch", "Thông báo", "Báo cáo", "Khác"}
# Types whose bare four-digit number is more likely a year ("Báo cáo 2005").
_NO_BARE_YEAR = {"Kế hoạch", "Thông báo", "Báo cáo"}

# The first word after Luật / Bộ luật / Pháp lệnh that shows it is not a law name ("luật sư", "Luật này").
_NOT_A_NAME = _words(
    "sư gia pháp lệ chơi này đó nay trên mới định học hiện hành sửa của được đã là và thì cũng có các những khác "
    "chung riêng mỹ nga việt vn anh nhật dự sự hóa hoá cũ"
)
# Words that end a name: numbers and years follow, or the sentence goes on.
_NAME_STOP = _words(
    "số năm này đó nay trên có được đã là của về thì để khi do cho tại với trong theo từ sẽ không cũng các những "
    "nhưng mà vừa đang ngày tháng nêu gồm phải chưa còn thuộc nhằm bị mới hết đến vì nên như thay áp hoặc hay "
    "cần điều dự lần tới ra kể và việt vn mỹ nga nhật liên vẫn chỉ đều luôn lại rất sắp nếu tuy đối quá vào đề "
    "tạo yêu cũ"
)
# A stop word that is inside a name after this word: "Luật Hàng không dân dụng".
_STOP_EXCEPT_AFTER = {"không": "hàng"}
# Two-word phrases that end a name where their first word alone may not ("Luật Giao thông" / "thông qua").
_NAME_STOP_PAIRS = frozenset(
    (
        "thông qua",
        "quy định",
        "qui định",
        "hướng dẫn",
        "ban hành",
        "sửa đổi",
        "hiện hành",
        "bổ sung",
        "tương lai",
        "cho phép",
    )
)
# Words a name continues with after a comma or "và" ("Phòng, chống ma túy", "Hôn nhân và gia đình").
_AFTER_COMMA = _words("chống khen chăm xuất quá cư thuế giáo thể")
_AFTER_AND = _words("gia công phát hải giáo chữa thể")
_MAX_NAME_WORDS = 12
# The word before "Luật" that makes it an institution: "ĐH Luật", "Trường Luật", "Công ty Luật".
# "Tiến sĩ luật Trần Văn A", "cử nhân Luật", the newspaper "Pháp Luật TP HCM".
_INSTITUTION_BEFORE = _words("đh học trường khoa viện đoàn nhân chí ty hãng sĩ sư pháp")

# Issuer abbreviations typed without Đ.
_ABBREVIATION_FIXES = {"ND": "NĐ", "QD": "QĐ", "HDND": "HĐND", "HDTP": "HĐTP", "HDBT": "HĐBT", "HDQT": "HĐQT"}


@dataclass
class Citation:
    """One citation of a legal document, as ``extract_citations`` found it (see the module docstring)."""

    type: str
    number: str | None
    name: str | None
    year: int | None
    articles: list[str] = field(default_factory=list)
    span: str = ""
    start: int = 0
    end: int = 0

    def as_json(self):
        """The fields the extract_citations command writes (offsets left out)."""
        data = asdict(self)
        del data["start"], data["end"]
        return data


def normalise_number(number: str) -> str:
    """``number`` without spaces, upper case, with Đ restored in the issuer abbreviations (ND-CP -> NĐ-CP)."""
    parts = _NUMBER_SEPARATOR.split(_WHITESPACE.sub("", number).upper())
    for index, part in enumerate(parts):
        if part in _ABBREVIATION_FIXES:
            parts[index] = _ABBREVIATION_FIXES[part]
        elif part.startswith("QD"):
            parts[index] = "QĐ" + part[2:]
    return "".join(parts)


def _year_of_number(number: str) -> int | None:
    match = _YEAR_IN_NUMBER.search(number)
    return int(match.group(1)) if match else None


def _articles_before(text: str, start: int) -> list[str]:
    """The article reference written right before ``start``, as ["điều 2 khoản 1"], or []."""
    window = text[max(0, start - _ARTICLE_LOOKBACK) : start]
    tail = _ARTICLE_TAIL.search(window)
    if not tail:
        return []
    found = {}
    for kind, value in _ARTICLE_PART.findall(tail.group(0)):
        found[kind.lower()] = value.lower()  # the last one is the nearest to the citation
    parts = [f"{kind} {found[kind]}" for kind in ("điều", "khoản", "điểm") if kind in found]
    return [" ".join(parts)] if parts else []


def _previous_words(text: str, start: int) -> list[str]:
    """Up to two words before ``start``, lower case, nearest last."""
    match = _PREVIOUS_WORDS.search(text[max(0, start - 40) : start])
    if not match:
        return []
    return [word.lower() for word in match.groups() if word]


def _unit_follows(text: str, end: int) -> bool:
    """Whether the bare number ending at ``end`` counts something ("5 năm", "60 phút", "1.000") rather than a document.

    "ngày" followed by a date is the issuing date ("Quyết định 39 ngày 1/2/2004"), not a unit.
    """
    if _THOUSANDS.match(text, end):
        return True
    following = _NEXT_WORD.match(text, end)
    if not following:
        return False
    word = following.group("word").lower()
    if word == "ngày" and _DATE_DIGIT.match(text, following.end()):
        return False
    return word in _UNITS


def _read_name(text: str, pos: int, lower_type: bool) -> tuple[list[str], int]:
    """The words of a law name starting at ``pos`` and where they end; no words when there is no name."""
    words: list[str] = []
    end = pos
    while len(words) < _MAX_NAME_WORDS:
        match = _NAME_WORD.match(text, end)
        if not match or match.start("word") == end and words:
            break
        word = match.group("word")
        lower = word.lower()
        following = _NAME_WORD.match(text, match.end())
        pair = f"{lower} {following.group('word').lower()}" if following and not following.group("comma") else ""
        if pair in _NAME_STOP_PAIRS:
            break
        if not words:
            if match.group("comma") or lower in _NOT_A_NAME or (lower in _NAME_STOP and lower != "về"):
                break
            if lower_type and not word[0].isupper():
                break
        elif match.group("comma"):
            if lower not in _AFTER_COMMA:
                break
        elif lower == "và":
            if not following or following.group("comma") or following.group("word") not in _AFTER_AND:
                break
        elif lower in _NAME_STOP and _STOP_EXCEPT_AFTER.get(lower) != words[-1].split()[-1].lower():
            break
        words.append(match.group(0))
        end = match.end()
    return words, end


class _Scanner:
    """One pass over one text."""

    def __init__(self, text: str):
        self.text = text
        self.citations: list[Citation] = []

    def run(self) -> list[Citation]:
        pos = 0
        while match := _FINDER.search(self.text, pos):
            start = match.start()
            before = self.text[start - 1] if start else " "
            # A letter before the type word: only a missing space ("ban hànhThông tư") lets it count.
            glued = before.isalnum() or before == "_"
            if glued and not (before.islower() and match.group(0)[0].isupper()):
                pos = match.end()
                continue
            citation = self.abbreviation(match) if match.group("abbr") else self.typed(match)
            if citation is None:
                pos = match.end()
                continue
            citation.articles = _articles_before(self.text, citation.start)
            self.citations.append(citation)
            pos = citation.end
        return self.citations

    def make(self, doc_type, number, name, year, start, end) -> Citation:
        return Citation(doc_type, number, name, year, [], self.text[start:end], start, end)

    def abbreviation(self, match) -> Citation | None:
        start, end = match.span()
        # "Bộ luật tố tụng hình sự (BLTTHS)" defines the abbreviation; it is not a second citation.
        if self.citations and self.text[self.citations[-1].end : start].strip() == "(":
            return None
        year = None
        if found := _YEAR_AFTER_NAME.match(self.text, end):
            year, end = int(found.group("year")), found.end()
        return self.make("Bộ luật", None, CODE_ABBREVIATIONS[match.group("abbr")], year, start, end)

    def typed(self, match) -> Citation | None:
        written = match.group("type")
        doc_type = _TYPE_WORDS[" ".join(written.lower().split())]
        numbered = self.numbered(match, doc_type)
        if numbered or doc_type not in NAMED_TYPES:
            return numbered
        return self.named(match, doc_type)

    def numbered(self, match, doc_type) -> Citation | None:
        start = match.start()
        found = _NUMBER_AFTER_TYPE.match(self.text, match.end())
        if not found:
            return None
        raw = found.group("number")
        lower_type = match.group(0)[0].islower()
        if "/" not in raw and "-" not in raw:
            if doc_type in NAMED_TYPES and not found.group("so"):
                return None  # "Hiến pháp 1992", "Luật 2005": a year, read with the name
            bare_ok = (
                (found.group("so") or not _unit_follows(self.text, found.end()))
                and doc_type != "Khác"
                and not (doc_type in _NO_BARE_YEAR and _YEAR_ONLY.fullmatch(raw))
            )
            if bare_ok and lower_type and not found.group("so"):
                previous = _previous_words(self.text, start)
                bare_ok = doc_type not in _NEEDS_SO_WHEN_LOWER and not (previous and previous[-1] in _VERB_CONTEXT)
            if not bare_ok:
                return None
        number = normalise_number(raw)
        if "TTLT" in number and doc_type == "Thông tư":
            doc_type = "Thông tư liên tịch"
        elif "VBHN" in number:
            doc_type = "Văn bản hợp nhất"
        return self.make(doc_type, number, None, _year_of_number(number), start, found.end())

    def named(self, match, doc_type) -> Citation | None:
        start, end = match.span()
        written = match.group(0)
        if doc_type == "Hiến pháp":
            if not written[0].isupper():
                return None
            name = "hiến pháp"
            if country := _CONSTITUTION_OF.match(self.text, end):
                end = country.end()
        else:
            lower_type = written[0].islower()
            following = _NEXT_WORD.match(self.text, end)
            if lower_type and doc_type == "Luật" and not (following and following.group("word")[0].isupper()):
                return None  # "pháp luật", "luật sư": only "luật Giao thông" names a law in lower case
            if doc_type == "Luật" and (set(_previous_words(self.text, start)[-1:]) & _INSTITUTION_BEFORE):
                return None
            code = _CODE_AFTER_TYPE.match(self.text, end)
            if doc_type == "Bộ luật" and code and code.group("code") in _CODE_SUFFIXES:
                name, end = f"bộ luật {_CODE_SUFFIXES[code.group('code')]}", code.end()
            else:
                words, end = _read_name(self.text, end, lower_type and doc_type == "Luật")
                if not words:
                    return None
                name = _COMMA.sub(", ", " ".join(" ".join([written, *words]).split()).lower())
        if found := _NUMBER_AFTER_NAME.match(self.text, end):
            number = normalise_number(found.group("number"))
            return self.make(doc_type, number, None, _year_of_number(number), start, found.end())
        year = None
        if found := _YEAR_AFTER_NAME.match(self.text, end):
            year, end = int(found.group("year")), found.end()
        return self.make(doc_type, None, name, year, start, end)


def extract_citations(text: str) -> list[Citation]:
    """Every citation of a legal document in ``text``, in order; offsets and spans refer to ``text`` in NFC."""
    return _Scanner(nfc(text)).run()


def _key(citation: dict) -> tuple:
    return (citation["type"], citation["number"], citation["name"], citation["year"])


def score(examples: list[dict]) -> dict:
    """Precision, recall and F1 of ``extract_citations`` against labelled examples ({"text", "citations"}).

    A found citation matches a labelled one when type, number, name and year are equal (each labelled citation is
    matched once). Over the matched pairs, ``span_accuracy`` and ``articles_accuracy`` are the shares with the same
    span and the same articles.
    """
    labelled = found = matched = same_span = same_articles = 0
    mistakes = []
    for example in examples:
        expected = example["citations"]
        predicted = [citation.as_json() for citation in extract_citations(example["text"])]
        labelled += len(expected)
        found += len(predicted)
        unmatched = list(expected)
        for citation in predicted:
            candidates = [gold for gold in unmatched if _key(gold) == _key(citation)]
            if not candidates:
                mistakes.append((example.get("id"), "extra", citation))
                continue
            gold = next((gold for gold in candidates if gold["span"] == citation["span"]), candidates[0])
            unmatched.remove(gold)
            matched += 1
            same_span += gold["span"] == citation["span"]
            same_articles += gold["articles"] == citation["articles"]
            if gold["span"] != citation["span"] or gold["articles"] != citation["articles"]:
                mistakes.append((example.get("id"), "detail", citation))
        mistakes.extend((example.get("id"), "missed", gold) for gold in unmatched)
    precision = matched / found if found else 1.0
    recall = matched / labelled if labelled else 1.0
    return {
        "examples": len(examples),
        "labelled": labelled,
        "found": found,
        "matched": matched,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "span_accuracy": same_span / matched if matched else 1.0,
        "articles_accuracy": same_articles / matched if matched else 1.0,
        "mistakes": mistakes,
    }
