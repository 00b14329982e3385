from django.db import migrations, models


def install(apps, schema_editor):
    from portal.editorial.roles import install_roles

    install_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("news", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditLog",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"))],
            options={
                "managed": False,
                "default_permissions": (),
                "permissions": [("view_audit_log", "Xem nhật ký kiểm toán")],
                "verbose_name": "Nhật ký kiểm toán",
            },
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
