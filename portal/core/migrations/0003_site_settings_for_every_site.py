"""Every site gets its settings row now: from here on they are created with the site, and reading them on a public
page never writes (SiteSettings.for_site)."""

from django.db import migrations


def create_missing(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    SiteSettings = apps.get_model("core", "SiteSettings")
    alias = schema_editor.connection.alias
    have = set(SiteSettings.objects.using(alias).values_list("site_id", flat=True))
    SiteSettings.objects.using(alias).bulk_create(
        [SiteSettings(site_id=pk) for pk in Site.objects.using(alias).values_list("pk", flat=True) if pk not in have]
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_clean_control_characters")]

    operations = [migrations.RunPython(create_missing, migrations.RunPython.noop)]
