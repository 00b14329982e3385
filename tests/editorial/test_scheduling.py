"""Scheduled publishing and expiry (the `publish_scheduled` job), and comparing and rolling back revisions."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.editorial import roles
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(client, django_user_model):
    user = django_user_model.objects.create_user("banbientap", "bbt@example.vn", "mat-khau-dai-va-kho-doan")
    user.groups.add(Group.objects.get(name=roles.BOARD))
    client.force_login(user)
    return user


def test_an_article_scheduled_by_the_board_goes_live_when_the_job_runs(client, site_tree, board, monkeypatch):
    article = make_article(site_tree[2], title="Thông báo lịch thi", live=False)
    article.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = article.save_revision(user=board)
    revision.publish(user=board)
    article.refresh_from_db()
    assert not article.live and client.get(article.url).status_code == 404
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert not article.live  # not yet time
    later = timezone.now() + datetime.timedelta(hours=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # an hour passes
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live and client.get(article.url).status_code == 200


def test_an_expired_article_is_taken_down_by_the_job(client, site_tree):
    article = make_article(site_tree[2], title="Thông báo hết hạn")
    article.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    article.save()
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert not article.live and article.expired
    assert client.get(article.url).status_code == 404


def test_revisions_can_be_compared_and_rolled_back(client, site_tree, board):
    article = make_article(site_tree[2], title="Tiêu đề ban đầu")
    first = article.save_revision(user=board)
    first.publish(user=board)
    article.title = "Tiêu đề sửa sai"
    second = article.save_revision(user=board)
    second.publish(user=board)
    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=(article.pk, first.pk, second.pk))
    ).content.decode()
    assert "ban đầu" in compare and "sửa sai" in compare  # the diff marks the changed words
    revert = client.get(reverse("wagtailadmin_pages:revisions_revert", args=(article.pk, first.pk)))
    assert revert.status_code == 200 and "Tiêu đề ban đầu" in revert.content.decode()
    # Rolling back publishes the earlier content as a new revision.
    rolled_back = first.as_object().save_revision(user=board, previous_revision=first)
    rolled_back.publish(user=board, previous_revision=first)
    article.refresh_from_db()
    assert article.title == "Tiêu đề ban đầu"
    assert "Tiêu đề ban đầu" in client.get(article.url).content.decode()
