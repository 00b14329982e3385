"""The stock peer's one page model: an article as the Wagtail tutorial's blog page makes it."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class ArticlePage(Page):
    date = models.DateField("Post date")
    lead = models.TextField(blank=True)
    body = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("lead"), FieldPanel("body")]
