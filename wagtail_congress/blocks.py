"""StreamField blocks: page bodies, partner groups, session materials and links."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .choices import PartnerRole


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"))
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "wagtail_congress/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        help_text=_(
            "Describe the image for people who cannot see it. Leave empty to use the image's title."
        ),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "wagtail_congress/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "wagtail_congress/blocks/quote.html"


class LinkBlock(blocks.StructBlock):
    """A labelled link to a page of this site or to an external address (exactly one)."""

    label = blocks.CharBlock(label=_("Label"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)

    class Meta:
        icon = "link"
        label = _("Link")
        template = "wagtail_congress/blocks/link.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose a page or enter an external address, but not both.")
            raise StructBlockValidationError(block_errors={"url": ValidationError(message)})
        return value


class BodyBlock(blocks.StreamBlock):
    """The body of a congress or a news article."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"],
    )
    image = ImageBlock()
    quote = QuoteBlock()
    link = LinkBlock()
    embed = EmbedBlock(label=_("Embed (video, post)"), icon="media")

    class Meta:
        label = _("Body")


class PartnerGroupBlock(blocks.StructBlock):
    """A heading ("Organizatorzy", "Partnerzy strategiczni", ...) over partners in order."""

    heading = blocks.CharBlock(label=_("Heading"))
    role = blocks.ChoiceBlock(
        label=_("Role"),
        choices=PartnerRole.choices,
        default=PartnerRole.PARTNER,
        help_text=_("What these partners are to the event; used by search engines and the API."),
    )
    partners = blocks.ListBlock(
        SnippetChooserBlock("wagtail_congress.Partner", label=_("Partner")),
        label=_("Partners"),
        min_num=1,
    )

    class Meta:
        icon = "group"
        label = _("Partner group")
        template = "wagtail_congress/blocks/partner_group.html"


class PartnerGroupsBlock(blocks.StreamBlock):
    """Partners grouped under editor-controlled headings, shared by congresses and listings."""

    group = PartnerGroupBlock()

    class Meta:
        label = _("Partner groups")


class MaterialBlock(blocks.StreamBlock):
    """A session's materials: uploaded documents (slides, reports) and links."""

    document = blocks.StructBlock(
        [
            ("title", blocks.CharBlock(label=_("Title"), required=False)),
            ("document", DocumentChooserBlock(label=_("Document"))),
        ],
        icon="doc-full",
        label=_("Document"),
    )
    link = blocks.StructBlock(
        [
            ("title", blocks.CharBlock(label=_("Title"))),
            ("url", blocks.URLBlock(label=_("Address"))),
        ],
        icon="link",
        label=_("Link"),
    )

    class Meta:
        label = _("Materials")


class ProfileLinkBlock(blocks.StructBlock):
    """A speaker's or partner's web presence: website, LinkedIn, Mastodon, ..."""

    label = blocks.CharBlock(label=_("Label"))
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        label = _("Link")
