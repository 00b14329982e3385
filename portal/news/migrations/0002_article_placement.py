import django.db.models.deletion
from django.db import migrations, models


def placement_field(**options):
    return models.ForeignKey(
        blank=True,
        db_index=False,
        editable=False,
        null=True,
        on_delete=django.db.models.deletion.SET_NULL,
        related_name="+",
        **options,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="articlepage",
            name="listed",
            field=models.BooleanField(default=False, editable=False, verbose_name="Đang hiển thị trong danh sách (tự động)"),
        ),
        migrations.AddField(
            model_name="articlepage",
            name="site_root",
            field=placement_field(
                help_text="Trang chủ gần nhất ở trên.", to="news.homepage", verbose_name="Trang chủ (tự động)"
            ),
        ),
        migrations.AddField(
            model_name="articlepage",
            name="top_category",
            field=placement_field(
                help_text="Chuyên mục ngoài cùng chứa tin bài.",
                to="news.categorypage",
                verbose_name="Chuyên mục cấp một (tự động)",
            ),
        ),
        migrations.AddField(
            model_name="articlepage",
            name="category",
            field=placement_field(
                help_text="Chuyên mục gần nhất chứa tin bài (chuyên mục cha).",
                to="news.categorypage",
                verbose_name="Chuyên mục (tự động)",
            ),
        ),
    ]
