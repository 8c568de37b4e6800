"""Make the example site's two photos (no camera, no people, no real place).

- `ward-huddle-board.jpg`: a ward's huddle whiteboard, as a phone would take
  it: stored on its side with an EXIF orientation tag (6, "rotate 90°
  clockwise to view"), a GPS position (a made-up one, at sea), the camera's
  make and model, an XMP packet and a JPEG comment, so the example site shows
  every one of them removed from what is published.
- `run-chart-poster.jpg`: a run-chart poster pinned to a corridor wall.

Run `python scripts/make_example_photos.py` to make them again; the result
is the same bytes each time.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

OUT = Path(__file__).resolve().parent.parent / "content" / "media" / "photos"
FONTS = Path(__file__).resolve().parent.parent / "ecmn_press" / "theme" / "fonts"


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def grain(image: Image.Image, seed: int) -> Image.Image:
    """Light falling off to the corners and sensor noise: a photo, not a drawing."""
    noise = Image.effect_noise(image.size, 18).convert("RGB")
    image = Image.blend(image, noise, 0.06)
    w, h = image.size
    shade = Image.radial_gradient("L").resize((w, h)).point(lambda v: 255 - v // 3)
    return Image.composite(image, Image.new("RGB", (w, h), (40, 40, 40)), shade).filter(ImageFilter.GaussianBlur(1.2))


def huddle_board() -> Image.Image:
    rng = random.Random(7)
    w, h = 2400, 1800
    img = Image.new("RGB", (w, h), (196, 190, 178))  # the wall
    d = ImageDraw.Draw(img)
    d.rectangle((140, 120, w - 140, h - 160), fill=(120, 124, 130))  # frame
    d.rectangle((170, 150, w - 170, h - 190), fill=(246, 247, 244))  # the board
    d.text((230, 190), "Beech Ward daily huddle", font=font(92, True), fill=(28, 60, 120))
    cols = [("Safety today", (200, 40, 40)), ("Discharges planned", (30, 110, 60)), ("Ideas to test", (28, 60, 120))]
    for i, (title, colour) in enumerate(cols):
        x = 230 + i * 680
        d.text((x, 360), title, font=font(58, True), fill=colour)
        d.line((x, 440, x + 600, 440), fill=colour, width=6)
        for j in range(4):
            y = 490 + j * 230
            note = [(255, 236, 120), (255, 190, 200), (180, 230, 255)][(i + j) % 3]
            dx = rng.randint(-12, 12)
            d.rectangle((x + dx, y, x + dx + 280, y + 190), fill=note)
            words = ["Falls: 0", "Bed 4 home 11:00", "Pharmacy by 10", "Try the ticket", "Huddle 9:15",
                     "2 discharges", "Call ahead", "PDSA cycle 3", "Sharps bin", "Tea trolley", "Lounge open",
                     "Board at 8:45"][(i * 4 + j) % 12]
            d.text((x + dx + 18, y + 60), words, font=font(34), fill=(40, 40, 40))
    # A small run chart drawn by hand in the corner.
    pts = [(1640 + k * 40, 1300 + int(60 * ((k * 37) % 7) / 7) - (k > 8) * 120) for k in range(16)]
    d.line(pts, fill=(28, 60, 120), width=7)
    d.line((1620, 1330, 2260, 1330), fill=(160, 30, 50), width=4)
    return grain(img, 7)


def poster() -> Image.Image:
    w, h = 2000, 1500
    img = Image.new("RGB", (w, h), (214, 208, 198))
    d = ImageDraw.Draw(img)
    d.rectangle((260, 90, 1740, 1420), fill=(252, 252, 250))
    d.text((330, 150), "Days to clinic letter", font=font(84, True), fill=(31, 95, 139))
    d.text((330, 270), "Weekly median, Kelderby outpatients", font=font(44), fill=(60, 70, 80))
    d.line((360, 1250, 1660, 1250), fill=(40, 40, 40), width=5)
    d.line((360, 1250, 360, 420), fill=(40, 40, 40), width=5)
    values = [18, 17, 19, 18, 20, 17, 18, 19, 12, 10, 9, 8, 9, 7, 8, 7, 6, 7, 6, 6]
    pts = [(400 + i * 64, 1250 - v * 38) for i, v in enumerate(values)]
    d.line((380, 1250 - 11 * 38, 1660, 1250 - 11 * 38), fill=(160, 30, 50), width=4)
    d.line(pts, fill=(31, 95, 139), width=8)
    for x, y in pts:
        d.ellipse((x - 14, y - 14, x + 14, y + 14), fill=(31, 95, 139))
    d.text((380, 1300), "New booking template from week 9", font=font(40), fill=(60, 70, 80))
    for x in (300, 1700):  # drawing pins
        d.ellipse((x - 22, 110, x + 22, 154), fill=(200, 40, 40))
    return grain(img.rotate(1.5, resample=Image.Resampling.BICUBIC, fillcolor=(214, 208, 198)), 3)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    board = huddle_board()
    stored = board.transpose(Image.Transpose.ROTATE_90)  # held in portrait, as the phone stored it
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x010F] = "ExamplePhone"  # Make
    exif[0x0110] = "Model 12"  # Model
    exif[0x0132] = "2006:09:14 09:16:02"  # DateTime
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (56.0, 30.0, 0.0), 3: "E", 4: (3.0, 15.0, 0.0)})  # at sea, in the North Sea
    xmp = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
           b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="56,30.0N"/></rdf:RDF>'
           b'</x:xmpmeta><?xpacket end="w"?>')
    stored.save(OUT / "ward-huddle-board.jpg", "JPEG", quality=88, exif=exif.tobytes(), xmp=xmp,
                comment=b"Taken on Beech Ward")
    poster().save(OUT / "run-chart-poster.jpg", "JPEG", quality=88)


if __name__ == "__main__":
    main()
