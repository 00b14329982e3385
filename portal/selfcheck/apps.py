from django.apps import AppConfig


class SelfCheckConfig(AppConfig):
    """The security self-check (`manage.py self_check`): it looks at the whole installation, so it sits on top."""

    name = "portal.selfcheck"
    label = "selfcheck"
    verbose_name = "Tự kiểm tra an toàn thông tin"
