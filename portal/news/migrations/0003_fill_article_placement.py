"""Fill the copies of the tree for the articles already there (the rules of ArticlePage.save)."""

from django.db import migrations


def fill_placement(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    ArticlePage = apps.get_model("news", "ArticlePage")
    ArticlePage.objects.update(listed=False)
    ArticlePage.objects.filter(live=True, published_at__isnull=False).update(listed=True)
    types = dict(
        ContentType.objects.filter(app_label="news", model__in=["homepage", "categorypage"]).values_list("model", "pk")
    )
    if not types:
        return  # a new database: no page of these types yet
    containers = list(
        Page.objects.filter(content_type__in=types.values())
        .order_by("path")
        .values_list("path", "depth", "pk", "content_type_id")
    )
    for path, depth, _, _ in containers:
        # site_root: the nearest home page; top_category and category: the outermost and innermost category below it.
        site_root, categories = None, []
        for above, _, pk, type_id in containers:
            if not path.startswith(above):
                continue
            if type_id == types.get("homepage"):
                site_root, categories = pk, []
            else:
                categories.append(pk)
        ArticlePage.objects.filter(path__startswith=path, depth=depth + 1).update(
            site_root_id=site_root,
            top_category_id=categories[0] if categories else None,
            category_id=categories[-1] if categories else None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0002_article_placement"),
    ]

    operations = [
        migrations.RunPython(fill_placement, migrations.RunPython.noop),
    ]
