"""The StreamField blocks every page type shares: each renders its own template, on a standard
page and on an article; a call to action needs exactly one of a page or a web address."""

import re

from django.core.exceptions import ValidationError

from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

import pytest

from education.models import NewsPage
from home.models import StandardPage
from portal.blocks import BodyBlock, CallToActionBlock
from tests.education.pages import article, home_page, make_document, make_image, publish, stream

pytestmark = pytest.mark.django_db

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
VIDEO_FRAME = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


@pytest.fixture
def video():
    """The embed as its provider answered it, stored as Wagtail stores it (no network)."""
    return Embed.objects.create(
        url=VIDEO,
        max_width=800,
        hash=get_embed_hash(VIDEO, 800),
        type="video",
        html=f'<iframe width="800" height="450" src="{VIDEO_FRAME}" title="Sorting"></iframe>',
        title="Rubbish sorting",
        provider_name="YouTube",
    )


@pytest.fixture
def body():
    """One of every block (but the embed), as the admin saves them."""
    image = make_image("Old bridge")
    document = make_document("Opening hours", "opening-hours.pdf")
    target = publish(home_page(), StandardPage(title="Report a problem", slug="how-to-report"))
    return {
        "image": image,
        "document": document,
        "target": target,
        "stream": stream(
            ("heading", {"text": "Service hours"}),
            (
                "paragraph",
                f'<p>Open <b>every day</b>; see <a linktype="page" id="{target.pk}">how to '
                f'report</a> and the <a linktype="document" id="{document.pk}">hours</a>.</p>',
            ),
            ("image", {"image": image.pk, "caption": "The bridge in 1930", "alt": ""}),
            ("quote", {"text": "Fixed in a day.\nThank you!", "attribution": "Li Hua"}),
            (
                "fact_box",
                {"title": "In numbers", "text": "<ul><li>12 villages</li><li>103 grids</li></ul>"},
            ),
            ("document", {"document": document.pk, "title": ""}),
            (
                "call_to_action",
                {"text": "Seen a problem?", "button": "Report it", "page": target.pk, "url": ""},
            ),
            (
                "call_to_action",
                {
                    "text": "Read the law",
                    "button": "Civil Code",
                    "page": None,
                    "url": "https://example.org/civil-code",
                },
            ),
        ),
    }


def check_blocks(html: str, body: dict) -> None:
    document, target = body["document"], body["target"]
    assert "<h2>Service hours</h2>" in html
    assert "<b>every day</b>" in html
    assert f'<a href="{target.url}">how to report</a>' in html
    assert f'<a href="{document.url}">hours</a>' in html

    figure = re.search(r'<figure class="figure">.*?</figure>', html, re.S).group(0)
    assert "<picture>" in figure
    assert 'type="image/avif"' in figure and 'type="image/webp"' in figure
    assert re.search(r'srcset="[^"]+ 400w, [^"]+ 800w, [^"]+ 1200w"', figure)
    assert 'alt="Old bridge"' in figure  # no alternative text given: the image's title
    assert 'loading="lazy"' in figure
    assert "<figcaption>The bridge in 1930</figcaption>" in figure

    assert (
        '<figure class="quote"><blockquote><p>Fixed in a day.<br>Thank you!</p></blockquote>'
        "<figcaption>— Li Hua</figcaption></figure>" in html
    )
    assert (
        '<aside class="fact-box"><h2 class="fact-box__title">In numbers</h2>'
        "<ul><li>12 villages</li><li>103 grids</li></ul></aside>" in html
    )
    assert (
        f'<p class="document-link"><a href="{document.url}" download>Opening hours</a> '
        '<span class="document-link__meta">(PDF, 15' in html
    )
    assert (
        '<aside class="call-to-action"><p>Seen a problem?</p>'
        f'<a class="button" href="{target.url}">Report it</a></aside>' in html
    )
    assert (
        '<aside class="call-to-action"><p>Read the law</p>'
        '<a class="button" href="https://example.org/civil-code">Civil Code</a></aside>' in html
    )
    # In the order written.
    order = [
        "<h2>Service hours",
        "every day",
        '<figure class="figure">',
        "Fixed in a day",
        "In numbers",
        "document-link",
        "Seen a problem?",
        "Read the law",
    ]
    assert [html.index(text) for text in order] == sorted(html.index(text) for text in order)


def test_standard_page_renders_every_block(client, body):
    page = publish(
        home_page(),
        StandardPage(
            title="About the scheme",
            slug="about",
            introduction="How the housekeeper works.",
            body=body["stream"],
        ),
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>About the scheme</h1>" in html
    assert '<p class="lead">How the housekeeper works.</p>' in html
    check_blocks(html, body)


def test_nested_standard_page(client):
    about = publish(home_page(), StandardPage(title="About", slug="about"))
    child = publish(about, StandardPage(title="The linkage centre", slug="centre"))
    assert child.url == "/about/centre/"
    response = client.get(child.url)
    assert response.status_code == 200
    assert "<h1>The linkage centre</h1>" in response.content.decode()


def test_news_page_renders_every_block(client, body):
    page = article(NewsPage, "New opening hours", body=body["stream"])
    response = client.get(page.url)
    assert response.status_code == 200
    check_blocks(response.content.decode(), body)


def test_document_block_link_downloads_the_document(client, body):
    response = client.get(body["document"].url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content])


def test_document_block_link_text(client):
    document = make_document("Opening hours", "hours.pdf")
    page = publish(
        home_page(),
        StandardPage(
            title="Hours",
            slug="hours",
            body=stream(("document", {"document": document.pk, "title": "Download the hours"})),
        ),
    )
    html = client.get(page.url).content.decode()
    assert f'<a href="{document.url}" download>Download the hours</a>' in html


def test_image_block_alternative_text(client):
    image = make_image("IMG_0042")
    page = publish(
        home_page(),
        StandardPage(
            title="Photo",
            slug="photo",
            body=stream(
                ("image", {"image": image.pk, "caption": "", "alt": "Workers fixing a cover"})
            ),
        ),
    )
    html = client.get(page.url).content.decode()
    assert 'alt="Workers fixing a cover"' in html
    assert "<figcaption>" not in html


def test_quote_without_attribution(client):
    page = publish(
        home_page(),
        StandardPage(
            title="Quote",
            slug="quote",
            body=stream(("quote", {"text": "<b>Not bold</b>", "attribution": ""})),
        ),
    )
    html = client.get(page.url).content.decode()
    assert "<blockquote><p>&lt;b&gt;Not bold&lt;/b&gt;</p></blockquote></figure>" in html


def test_embed_block(client, video):
    page = article(NewsPage, "Sorting rubbish", body=stream(("embed", VIDEO)))
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<div class="embed"><iframe width="800" height="450" src="{VIDEO_FRAME}"' in html


def csp_sources(header: str, directive: str) -> list[str] | None:
    for part in header.split(";"):
        words = part.split()
        if words and words[0] == directive:
            return words[1:]
    return None


def test_an_embedded_video_is_allowed_to_load(client, video):
    """The embed block is for videos from sites that allow embedding; the page's
    Content-Security-Policy must let the browser load their frame."""
    page = article(NewsPage, "Sorting rubbish", body=stream(("embed", VIDEO)))
    response = client.get(page.url)
    header = response.get("Content-Security-Policy", "")
    assert header, "no Content-Security-Policy header"
    sources = (
        csp_sources(header, "frame-src")
        or csp_sources(header, "child-src")
        or csp_sources(header, "default-src")
        or []
    )
    allowed = {"https:", "*", "https://www.youtube-nocookie.com", "https://*.youtube-nocookie.com"}
    assert allowed & set(sources), (
        f"the embedded frame {VIDEO_FRAME} is blocked by the policy's frame sources {sources}"
    )


# --- Call to action: a page or a web address, not both, not neither ---------------------------


def cta(**values):
    block = CallToActionBlock()
    return block, block.to_python(
        {"text": "Seen a problem?", "button": "Report it", "page": None, "url": "", **values}
    )


def test_call_to_action_with_a_page(db):
    block, value = cta(page=home_page().pk)
    cleaned = block.clean(value)
    assert cleaned["page"].pk == home_page().pk


def test_call_to_action_with_a_web_address():
    block, value = cta(url="https://example.org/report")
    assert block.clean(value)["url"] == "https://example.org/report"


@pytest.mark.parametrize("both", [True, False], ids=["both", "neither"])
def test_call_to_action_needs_exactly_one_target(both):
    block, value = cta(page=home_page().pk, url="https://example.org/") if both else cta()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert set(error.value.block_errors) == {"url"}
    assert "Choose a page or give a web address." in str(
        ValidationError(error.value.block_errors["url"]).messages
    )


def test_a_body_with_a_bad_call_to_action_does_not_validate():
    body = BodyBlock()
    value = body.to_python(
        [
            {
                "type": "call_to_action",
                "value": {"text": "Go", "button": "Go", "page": None, "url": ""},
            }
        ]
    )
    with pytest.raises(StreamBlockValidationError):
        body.clean(value)


def test_every_block_has_a_template():
    from django.template.loader import get_template

    for name, child in BodyBlock().child_blocks.items():
        template = child.meta.template
        assert template, f"{name} has no template"
        get_template(template)
