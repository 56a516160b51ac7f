"""The pickup code as a QR code, for the person's phone: staff scan it into the pickup code field
(a scanner types what it reads) or type the six digits."""

from io import BytesIO

from django.utils.safestring import SafeString, mark_safe


def qr_svg(code: str) -> SafeString:
    """An inline SVG of a QR code holding `code` (digits only, so nothing to escape)."""
    if not code.isdigit():
        raise ValueError("a pickup code is digits")
    # Imported here, not at start-up: only the pickup page draws a code.
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(code, image_factory=SvgPathImage, box_size=12, border=2)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return mark_safe(svg[svg.index("<svg") :])  # noqa: S308 - generated here from digits
