"""The newsroom through the Wagtail admin: one user of each role, two departments, draft to published."""

import html

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.core.text import slugify_vi
from portal.editorial import roles
from portal.news.models import ArticlePage
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(site_tree, django_user_model):
    _, home, culture = site_tree
    economy = make_category(home, title="Kinh tế")
    people = {}
    for name in ("bientap", "truongphong", "bientap_kt", "truongphong_kt", "banbientap", "quantri"):
        people[name] = django_user_model.objects.create_user(name, f"{name}@example.vn", "mat-khau-dai-va-kho-doan")
    call_command(
        "assign_department", "Phòng Văn hóa", category=[culture.pk], editor=["bientap"], approver=["truongphong"]
    )
    call_command(
        "assign_department", "Phòng Kinh tế", category=[economy.pk], editor=["bientap_kt"], approver=["truongphong_kt"]
    )
    people["banbientap"].groups.add(Group.objects.get(name=roles.BOARD))
    people["quantri"].groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    return culture, economy, people


def as_user(client, user):
    client.force_login(user)
    return client


def article_form(title, action):
    return nested_form_data(
        {
            "title": title,
            "slug": slugify_vi(title),
            "lead": "Tóm tắt",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung</p>"))]),
            "author_name": "Ngọc Bích",
            "department": "",
            "published_at": "",
            "tags": "",
            action: "1",
        }
    )


def current_task_state(article) -> TaskState:
    return WorkflowState.objects.active().get(object_id=str(article.pk)).current_task_state.specific


def act(client, article, action, comment=None):
    url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, action, current_task_state(article).pk))
    return client.post(url, {"comment": comment} if comment is not None else {})


def test_roles_exist_in_vietnamese():
    names = set(Group.objects.values_list("name", flat=True))
    assert {roles.EDITOR, roles.APPROVER, roles.BOARD, roles.ADMINISTRATOR} <= names
    assert not names & {"Editors", "Moderators"}


def test_draft_to_published_with_one_user_of_each_role(client, newsroom):
    culture, _, people = newsroom
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", culture.pk))
    # The editor writes and submits; the article is not live.
    response = as_user(client, people["bientap"]).post(add_url, article_form("Lễ hội đền Huyền Trân", "action-submit"))
    assert response.status_code == 302, response.context["form"].errors
    article = ArticlePage.objects.get(title="Lễ hội đền Huyền Trân")
    assert not article.live
    assert current_task_state(article).task.name == f"{roles.APPROVAL_TASK} – Phòng Văn hóa"
    # Another department's head cannot approve it; this department's head sends it back with a comment.
    act(as_user(client, people["truongphong_kt"]), article, "approve")
    assert current_task_state(article).task.name == f"{roles.APPROVAL_TASK} – Phòng Văn hóa"
    act(as_user(client, people["truongphong"]), article, "reject", "Cần ghi rõ nguồn ảnh.")
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    edit_page = as_user(client, people["bientap"]).get(reverse("wagtailadmin_pages:edit", args=(article.pk,)))
    assert "Cần ghi rõ nguồn ảnh." in edit_page.content.decode()
    # Resubmitted, approved by the head, published by the board.
    edit_url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    assert client.post(edit_url, article_form("Lễ hội đền Huyền Trân", "action-submit")).status_code == 302
    act(as_user(client, people["truongphong"]), article, "approve")
    article.refresh_from_db()
    assert not article.live and current_task_state(article).task.name == roles.PUBLISH_TASK
    act(as_user(client, people["banbientap"]), article, "approve")
    article.refresh_from_db()
    assert article.live
    assert client.get(article.url).status_code == 200
    assert PageLogEntry.objects.filter(page=article, action="wagtail.publish").exists()


def test_an_editor_cannot_touch_another_departments_category(client, newsroom):
    culture, economy, people = newsroom
    theirs = make_article(economy, title="Giá lúa tăng")
    editor = as_user(client, people["bientap"])
    add_theirs = reverse("wagtailadmin_pages:add", args=("news", "articlepage", economy.pk))
    assert editor.get(add_theirs).status_code in (302, 403)
    editor.post(add_theirs, article_form("Tin lạc chuyên mục", "action-submit"))
    assert not ArticlePage.objects.filter(title="Tin lạc chuyên mục").exists()
    assert editor.get(reverse("wagtailadmin_pages:edit", args=(theirs.pk,))).status_code in (302, 403)
    editor.post(reverse("wagtailadmin_pages:unpublish", args=(theirs.pk,)), {"ly_do_go_tin": "thử"})
    theirs.refresh_from_db()
    assert theirs.live
    # Editors cannot publish in their own category either: the publish button's action is refused.
    add_own = reverse("wagtailadmin_pages:add", args=("news", "articlepage", culture.pk))
    editor.post(add_own, article_form("Tin tự xuất bản", "action-publish"))
    assert not ArticlePage.objects.get(title="Tin tự xuất bản").live


def test_taking_an_article_down_needs_a_reason_that_is_logged(client, newsroom):
    culture, _, people = newsroom
    article = make_article(culture, title="Tin cần gỡ")
    board = as_user(client, people["banbientap"])
    url = reverse("wagtailadmin_pages:unpublish", args=(article.pk,))
    assert "Lý do gỡ tin" in board.get(url).content.decode()
    board.post(url, {"ly_do_go_tin": "   "})
    article.refresh_from_db()
    assert article.live  # no reason, nothing taken down
    board.post(url, {"ly_do_go_tin": "Thông tin chưa được kiểm chứng"})
    article.refresh_from_db()
    assert not article.live
    entry = PageLogEntry.objects.get(page=article, action="portal.takedown")
    assert entry.data["reason"] == "Thông tin chưa được kiểm chứng" and entry.user == people["banbientap"]


def test_administrators_read_the_audit_log_and_editors_do_not(client, newsroom):
    culture, _, people = newsroom
    article = make_article(culture, title="Tin bị gỡ")
    as_user(client, people["banbientap"]).post(
        reverse("wagtailadmin_pages:unpublish", args=(article.pk,)), {"ly_do_go_tin": "Sai số liệu"}
    )
    people["quantri"].groups.add(Group.objects.get(name=roles.BOARD))  # a permission change, logged
    url = reverse("editorial_audit_log")
    refused = as_user(client, people["bientap_kt"]).get(url)
    assert refused.status_code in (302, 403) and "Sai số liệu" not in refused.content.decode()
    page = as_user(client, people["quantri"]).get(url).content.decode()
    assert "Sai số liệu" in page and "Tin bị gỡ" in page
    assert "change=post_add, groups=['Ban biên tập'], user=quantri" in html.unescape(page)


def test_every_newsroom_role_can_use_images_and_documents(client, newsroom):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    images, documents = (policy_registry.get_by_type(m) for m in (get_image_model(), get_document_model()))
    _, _, people = newsroom
    for name in ("bientap", "truongphong", "banbientap"):
        user = people[name]
        assert images.user_has_permission(user, "add") and images.user_has_permission(user, "choose"), name
        assert documents.user_has_permission(user, "add") and documents.user_has_permission(user, "choose"), name
        assert as_user(client, user).get(reverse("wagtailimages:add_multiple")).status_code == 200, name
    assert not images.user_has_permission(people["quantri"], "add")  # administrators manage users, not media


def test_live_articles_cannot_be_taken_down_without_a_reason_by_deleting_or_in_bulk(client, newsroom):
    culture, _, people = newsroom
    articles = [make_article(culture, title=f"Tin đang đăng {n}") for n in range(2)]
    board = as_user(client, people["banbientap"])
    deleting = board.post(reverse("wagtailadmin_pages:delete", args=(articles[0].pk,)))
    assert deleting.headers["Location"] == reverse("wagtailadmin_pages:unpublish", args=(articles[0].pk,))
    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "unpublish"))
    in_bulk = board.post(f"{bulk}?id={articles[0].pk}&id={articles[1].pk}", {}, follow=True)
    assert "gỡ từng bài" in in_bulk.content.decode()
    for article in articles:
        article.refresh_from_db()
        assert article.live
    assert not PageLogEntry.objects.filter(action__in=["wagtail.delete", "wagtail.unpublish"]).exists()
