"""The text of a regulation: chapters and articles. An article's identity is its StreamField block
id, which Wagtail keeps when the text is edited: opinions and versions refer to articles by it."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class ArticleBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=120,
        required=False,
        help_text=_("A few words on what the article is about, e.g. “Opening hours”."),
    )
    text = blocks.TextBlock(
        label=_("Text"),
        max_length=5000,
        help_text=_("The article's wording. Start a new line for each paragraph or item."),
    )

    class Meta:
        icon = "list-ol"
        label = _("Article")


class ChapterBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Chapter title"), max_length=120)

    class Meta:
        icon = "title"
        label = _("Chapter")


class RegulationTextBlock(blocks.StreamBlock):
    chapter = ChapterBlock()
    article = ArticleBlock()

    class Meta:
        min_num = 1
