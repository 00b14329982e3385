"""Report the site against the security criteria that can be checked from inside; non-zero exit on a failure."""

from django.core.management.base import BaseCommand, CommandError

from portal.selfcheck.checks import findings


class Command(BaseCommand):
    help = (
        "Tự kiểm tra an toàn thông tin (HTTPS, tiêu đề bảo mật, DEBUG, nội dung hỗn hợp, chính sách bảo mật, 2FA, "
        "thư điện tử)."
    )

    def handle(self, *args, **options):
        failed = 0
        for finding in findings():
            mark = self.style.SUCCESS("ĐẠT ") if finding.ok else self.style.ERROR("LỖI ")
            self.stdout.write(f"{mark} {finding.criterion}: {finding.detail}")
            failed += not finding.ok
        if failed:
            raise CommandError(f"{failed} tiêu chí chưa đạt.")
        self.stdout.write(self.style.SUCCESS("Tất cả tiêu chí đều đạt."))
