"""Give a department its editors and approvers, working only in its own categories (docs/editorial.md)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.core.text import nfc
from portal.editorial.roles import assign_department
from portal.news.models import CategoryPage


class Command(BaseCommand):
    help = "Tạo nhóm Biên tập viên và Người duyệt của một phòng ban, với quyền trên các chuyên mục của phòng."

    def add_arguments(self, parser):
        parser.add_argument("department", help='tên phòng ban, ví dụ "Phòng Văn hóa - Thông tin"')
        parser.add_argument("--category", type=int, action="append", required=True, help="mã trang chuyên mục")
        parser.add_argument("--editor", action="append", default=[], help="tên đăng nhập của biên tập viên")
        parser.add_argument("--approver", action="append", default=[], help="tên đăng nhập của người duyệt")

    @transaction.atomic
    def handle(self, department, category, editor, approver, **options):
        department = nfc(department).strip()
        missing = set(category) - set(CategoryPage.objects.filter(pk__in=category).values_list("pk", flat=True))
        if missing:
            raise CommandError(f"Không có chuyên mục mã {', '.join(map(str, sorted(missing)))}.")
        users = get_user_model().objects
        unknown = sorted(
            set(editor + approver)
            - set(users.filter(username__in=editor + approver).values_list("username", flat=True))
        )
        if unknown:
            raise CommandError(f"Không có người dùng: {', '.join(unknown)}.")
        editors, approvers = assign_department(apps, department, category)
        for name in editor:
            users.get(username=name).groups.add(editors)
        for name in approver:
            users.get(username=name).groups.add(approvers)
        self.stdout.write(f"{editors.name}, {approvers.name}: {len(category)} chuyên mục.")
