"""Issue a two-factor enrolment code from the shell: for the first superuser, or when no Quản trị can sign in."""

from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from portal.accounts import enrolment


class Command(BaseCommand):
    help = "Cấp mã đăng ký xác thực hai lớp cho một tài khoản (dùng một lần, có hạn); mã cũ chưa dùng bị huỷ."

    def add_arguments(self, parser):
        parser.add_argument("username", help="tên đăng nhập của tài khoản")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as error:
            raise CommandError(f"Không có tài khoản “{username}”.") from error
        text, code = enrolment.issue(user)
        page = urljoin(settings.WAGTAILADMIN_BASE_URL, reverse("accounts:enrol"))
        expires = timezone.localtime(code.expires_at)
        self.stdout.write(f"Mã đăng ký cho {user.get_username()}: {text}")
        zone = timezone.get_current_timezone_name()
        self.stdout.write(f"Hết hạn lúc {expires:%H:%M %d/%m/%Y} ({zone}); chỉ dùng được một lần.")
        self.stdout.write(f"Đăng nhập bằng mật khẩu rồi nhập mã tại {page}")
