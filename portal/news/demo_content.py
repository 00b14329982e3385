"""Demo content: the seed article exactly as the real portal shows it, and articles from the shared news corpus.

The corpus (``../shared/data/news.jsonl.gz``) has no dates. Each article gets a published date derived from a
hash of its id: the same id always lands on the same offset within the two years before the day of loading.
"""

import datetime
import gzip
import hashlib
import html
import io
import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from portal.core.models import SiteSettings, StandardPage
from portal.core.text import nfc, slugify_vi
from portal.legal.models import LegalDocumentIndexPage
from portal.visits.models import SiteVisitCounter

from .bulk import append_children
from .models import ArticlePage, CategoryPage, Department, HomePage

SEED_FILE = Path(__file__).resolve().parent / "fixtures" / "seed_article.json"
NEWS_CATEGORY = "Tin tức - Sự kiện"
# Menu order for the corpus's ten categories; any other category is appended after them.
CORPUS_CATEGORIES = [
    "Chính trị - Xã hội",
    "Pháp luật",
    "Kinh doanh",
    "Thế giới",
    "Văn hóa",
    "Đời sống",
    "Sức khỏe",
    "Khoa học",
    "Vi tính",
    "Thể thao",
]
DATE_SPREAD_DAYS = 730
FEATURED_EVERY = 40  # about one article in forty is marked "Tin nổi bật"
# The portal's own news category gets a share of the politics and society articles, so that the seed article
# has "Các tin khác" around it.
LOCAL_NEWS_SOURCE = "Chính trị - Xã hội"
LOCAL_NEWS_SHARE = 4  # one in four

AGENCY = {
    "agency_name": "Cổng thông tin điện tử thị xã Hương Trà",
    "address": "Số 02 Trần Quốc Tuấn, phường Tứ Hạ, thị xã Hương Trà, tỉnh Thừa Thiên Huế",
    "phone": "0234 3557 333",
    "email": "huongtra@thuathienhue.gov.vn",
    "responsible_person": "Chánh Văn phòng HĐND và UBND thị xã",
    "licence_line": "Giấy phép số 01/GP-TTĐT do Sở Thông tin và Truyền thông cấp (dữ liệu minh họa)",
    "trust_badge_url": "https://tinnhiemmang.vn/",
    "footer_text": "<p>Ghi rõ nguồn khi phát hành lại thông tin từ cổng thông tin này.</p>",
}

DOCUMENTS_INTRO = "Văn bản quy phạm pháp luật, văn bản chỉ đạo điều hành của thị xã và của tỉnh."

STANDARD_PAGES = [
    (
        "Giới thiệu",
        "Thị xã Hương Trà nằm ở phía bắc tỉnh Thừa Thiên Huế.",
        "Trang giới thiệu về địa phương và cơ quan.",
    ),
    ("Liên hệ", "Thông tin liên hệ của Văn phòng HĐND và UBND thị xã.", "Mọi ý kiến xin gửi về địa chỉ ở chân trang."),
    (
        "Chính sách bảo mật",
        "Cổng thông tin không thu thập dữ liệu cá nhân của người đọc.",
        "Cổng không dùng cookie theo dõi và không lưu địa chỉ IP của người đọc. Thống kê truy cập chỉ dùng mã băm "
        "đổi mới hằng ngày, không thể truy ngược về một người. Tài khoản biên tập viên được bảo vệ bằng mật khẩu "
        "mạnh và xác thực hai lớp.",
    ),
]


def read_seed() -> dict:
    """The seed article as the real portal shows it (text kept in the repository, not in ../shared)."""
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


def paragraphs_block(paragraphs):
    """One rich-text block from plain paragraphs (escaped: corpus text is not HTML)."""
    return [{"type": "paragraph", "value": "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)}]


def local_datetime(day: datetime.date, hour=8):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)), timezone.get_current_timezone())


def spread_published_at(record_id: str, anchor: datetime.datetime) -> datetime.datetime:
    digest = int.from_bytes(hashlib.sha256(record_id.encode("utf-8")).digest()[:8], "big")
    return anchor - datetime.timedelta(seconds=digest % (DATE_SPREAD_DAYS * 86400))


def ensure_home(title: str) -> tuple[Site, HomePage]:
    """The default Site with a HomePage as its root, creating whatever is missing (even on an empty database)."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    tree_root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    root = site.root_page.specific if site else None
    if isinstance(root, HomePage):
        return site, root
    home = tree_root.add_child(instance=HomePage(title=title, slug=slugify_vi(title)))
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, is_default_site=True, root_page=home, site_name=title)
        return site, home
    old_root = site.root_page
    site.root_page = home
    site.site_name = title
    site.save()
    if old_root.depth == 2 and not old_root.get_children().exists() and type(old_root.specific) is Page:
        old_root.delete()  # Wagtail's "Welcome" placeholder
    return site, home


def make_trust_badge_image():
    """A small generated badge so the demo shows the block; a real site uploads its certificate image."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title="Chứng nhận Tín Nhiệm Mạng").first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", (200, 80), "#0b6e3a")
    ImageDraw.Draw(canvas).text((14, 28), "TIN NHIEM MANG", fill="white")
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG")
    from django.core.files.images import ImageFile

    return image_model.objects.create(
        title="Chứng nhận Tín Nhiệm Mạng", file=ImageFile(io.BytesIO(buffer.getvalue()), name="tin-nhiem-mang.png")
    )


def ensure_site_settings(site: Site, visits_total: int):
    site_settings = SiteSettings.for_site(site)
    if not site_settings.agency_name:
        for field, value in AGENCY.items():
            setattr(site_settings, field, value)
        site_settings.trust_badge_image = make_trust_badge_image()
        site_settings.save()
    SiteVisitCounter.objects.get_or_create(site=site, defaults={"starting_total": visits_total})


def ensure_child(parent, model, title, **fields):
    slug = slugify_vi(title)
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    return parent.add_child(instance=model(title=title, slug=slug, **fields))


def ensure_standard_pages(home):
    for title, intro, text in STANDARD_PAGES:
        ensure_child(home, StandardPage, title, intro=intro, body=paragraphs_block([text]), show_in_menus=False)
    # The documents registry's listing (issue 17): empty until documents are added in the admin.
    ensure_child(home, LegalDocumentIndexPage, "Văn bản", intro=DOCUMENTS_INTRO, show_in_menus=False)


def load_seed_article(home) -> ArticlePage:
    seed = read_seed()
    category = ensure_child(home, CategoryPage, seed["category"], show_in_menus=True)
    existing = ArticlePage.objects.filter(legacy_id=seed["legacy_id"]).descendant_of(home).first()
    if existing:
        return existing
    department, _ = Department.objects.get_or_create(
        short_name=seed["department"]["short_name"], defaults={"full_name": seed["department"]["full_name"]}
    )
    updated = local_datetime(datetime.date.fromisoformat(seed["updated"]))
    article = ArticlePage(
        title=seed["title"],
        slug=slugify_vi(seed["title"]),
        lead=seed["lead"],
        body=paragraphs_block(seed["body"]),
        author_name=seed["author_name"],
        department=department,
        published_at=updated,
        first_published_at=updated,
        last_published_at=updated,
        featured=True,
        legacy_id=seed["legacy_id"],
    )
    return category.add_child(instance=article)


def read_corpus(path: Path, limit: int | None):
    """The corpus records to load, in a fixed order that mixes every category (sorted by a hash of the id)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    records.sort(key=lambda record: hashlib.sha256(record["id"].encode("utf-8")).digest())
    return records[:limit] if limit is not None else records


def corpus_article(record, anchor) -> ArticlePage:
    paragraphs = [nfc(p.strip()) for p in record["body"].split("\n") if p.strip()]
    lead, rest = (paragraphs[0], paragraphs[1:]) if len(paragraphs) > 1 else ("", paragraphs)
    published = spread_published_at(record["id"], anchor)
    digest = hashlib.sha256(record["id"].encode("utf-8")).digest()
    return ArticlePage(
        title=nfc(record["title"]),
        lead=lead,
        body=paragraphs_block(rest),
        author_name=record.get("source") or "",
        published_at=published,
        first_published_at=published,
        last_published_at=published,
        featured=digest[-1] % FEATURED_EVERY == 0,
        legacy_id=record["id"],
        live=True,
    )


def category_for(record) -> str:
    name = nfc(record["category"])
    digest = hashlib.sha256(record["id"].encode("utf-8")).digest()
    if name == LOCAL_NEWS_SOURCE and digest[0] % LOCAL_NEWS_SHARE == 0:
        return NEWS_CATEGORY
    return name


def unique_slug(base: str, taken: set) -> str:
    base = base[:200] or "tin-bai"
    slug, suffix = base, 1
    while slug in taken:
        suffix += 1
        slug = f"{base}-{suffix}"
    taken.add(slug)
    return slug


def load_corpus(home, records, anchor, progress=None, batch_size=500):
    """Add the records not yet loaded under their categories; returns how many were added."""
    already = set(ArticlePage.objects.descendant_of(home).exclude(legacy_id="").values_list("legacy_id", flat=True))
    todo = [r for r in records if r["id"] not in already]
    if progress is not None:
        progress.update(len(records) - len(todo))
    names = {category_for(r) for r in todo}
    known = [NEWS_CATEGORY, *CORPUS_CATEGORIES]
    ordered = [n for n in known if n in names] + sorted(names - set(known))
    categories = {name: ensure_child(home, CategoryPage, name, show_in_menus=True) for name in ordered}
    taken_slugs = {
        name: set(Page.objects.child_of(page).values_list("slug", flat=True)) for name, page in categories.items()
    }
    pending = {}
    for record in todo:
        name = category_for(record)
        article = corpus_article(record, anchor)
        article.slug = unique_slug(slugify_vi(article.title), taken_slugs[name])
        pending.setdefault(name, []).append(article)
        if len(pending[name]) >= batch_size:
            append_children(categories[name], pending.pop(name))
            if progress is not None:
                progress.update(batch_size)
    for name, articles in pending.items():
        append_children(categories[name], articles)
        if progress is not None:
            progress.update(len(articles))
    return len(todo)
