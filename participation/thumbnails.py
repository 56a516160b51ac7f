"""Small JPEGs for lists and timelines, made by the worker from the already-cleaned photo."""

import io

from django.core.files.base import ContentFile

from PIL import Image

THUMBNAIL_EDGE = 480


def attachment_thumbnail(attachment_id: int) -> None:
    """A small JPEG for lists and timelines, made from the already-cleaned photo."""
    from .models import Attachment

    attachment = Attachment.objects.filter(pk=attachment_id, kind=Attachment.Kind.PHOTO).first()
    if attachment is None or attachment.thumbnail:
        return
    with attachment.file.open("rb") as source:
        image = Image.open(source)
        image.load()
    image.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.LANCZOS)
    if image.mode != "RGB":
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80, optimize=True)
    name = attachment.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] + "-thumb.jpg"
    attachment.thumbnail.save(name, ContentFile(buffer.getvalue()), save=False)
    try:
        updated = Attachment.objects.filter(pk=attachment.pk, thumbnail="").update(
            thumbnail=attachment.thumbnail.name
        )
    except Exception:
        # The database did not take it (unreachable): no file without its row; the task's
        # next attempt makes it again.
        attachment.thumbnail.delete(save=False)
        raise
    if not updated:  # another run got there first
        attachment.thumbnail.delete(save=False)
