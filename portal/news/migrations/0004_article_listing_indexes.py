from django.db import migrations, models


def listing_index(scope, name):
    return models.Index(fields=[scope, "-published_at", "-page_ptr", "listed"], name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_fill_article_placement"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="articlepage", name="article_published_idx"),
        migrations.AlterField(
            model_name="articlepage",
            name="featured",
            field=models.BooleanField(default=False, verbose_name="Tin nổi bật"),
        ),
        migrations.AddIndex(model_name="articlepage", index=listing_index("site_root", "article_site_newest_idx")),
        migrations.AddIndex(model_name="articlepage", index=listing_index("top_category", "article_top_newest_idx")),
        migrations.AddIndex(model_name="articlepage", index=listing_index("category", "article_category_newest_idx")),
        migrations.AddIndex(
            model_name="articlepage",
            index=models.Index(
                condition=models.Q(featured=True),
                fields=["site_root", "-published_at", "-page_ptr"],
                name="article_featured_newest_idx",
            ),
        ),
    ]
