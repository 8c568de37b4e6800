"""Phone-like photos for the benchmark: one in every tenth story (`bench.py --photos`).

Each is a 4,000 x 3,000 JPEG (about 1.5 MB of noisy pixels), stored on its side
with an EXIF orientation tag and a GPS position, as phones write them; each
differs from the others, so none is processed once for two stories.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

SIZE = (4000, 3000)


def _base() -> Image.Image:
    noise = Image.effect_noise(SIZE, 60).filter(ImageFilter.GaussianBlur(2))
    return Image.merge("RGB", [noise, noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
                               noise.transpose(Image.Transpose.FLIP_TOP_BOTTOM)])


def add_photos(site: Path, every: int = 10) -> int:
    """Put a photo in every `every`th story of the site; returns how many."""
    base = _base()
    stories = sorted((site / "content" / "stories").rglob("*.md"))
    folder = site / "content" / "media" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for k, story in enumerate(stories[::every]):
        image = base.copy()
        ImageDraw.Draw(image).text((100 + k % 40 * 90, 100 + k // 40 * 60), f"photo {k}", fill=(255, 255, 255))
        exif = Image.Exif()
        exif[0x0112] = 6
        exif.get_ifd(0x8825).update({1: "N", 2: (56.0, 30.0, float(k % 60)), 3: "E", 4: (3.0, 15.0, 0.0)})
        out = io.BytesIO()
        image.transpose(Image.Transpose.ROTATE_90).save(out, "JPEG", quality=85, exif=exif.tobytes())
        (folder / f"photo-{k}.jpg").write_bytes(out.getvalue())
        with story.open("a", encoding="utf-8") as text:
            text.write(f"\n![The team's huddle board, photo {k}](/media/bench/photo-{k}.jpg)\n")
        count += 1
    return count
