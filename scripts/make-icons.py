#!/usr/bin/env python3
"""Draws the patient app's icons into patient-app/web/icons/ (needs Pillow: pip install pillow).

A white house (recovering at home) holding a teal heart (being watched over) on the app's theme
colour. The PNGs are committed; run this again only to change the design:

    python3 scripts/make-icons.py

icon-192.png, icon-512.png   purpose "any": the house fills most of the square
icon-maskable-512.png        purpose "maskable": the house stays inside the central safe circle
                             (radius 40 %), since launchers crop to circles or squircles
apple-touch-icon.png         180 x 180 for iOS home screens (iOS rounds the corners itself)
"""
from pathlib import Path

from PIL import Image, ImageDraw

THEME = (15, 118, 110)  # #0f766e, the manifest's theme_color
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "patient-app" / "web" / "icons"
SUPERSAMPLE = 4  # draw large, then shrink: smooth edges without an anti-aliasing library


def heart(draw, cx, cy, size, fill):
    """A heart of width `size` centred on (cx, cy): two circles and a triangle."""
    r = size / 4
    draw.ellipse((cx - 2 * r, cy - 1.6 * r, cx, cy + 0.4 * r), fill=fill)
    draw.ellipse((cx, cy - 1.6 * r, cx + 2 * r, cy + 0.4 * r), fill=fill)
    # From the circles' centres down to the point, so nothing shows between the two lobes.
    draw.polygon([(cx - r, cy - 0.6 * r), (cx + r, cy - 0.6 * r), (cx + 1.93 * r, cy - 0.2 * r),
                  (cx, cy + 2.1 * r), (cx - 1.93 * r, cy - 0.2 * r)], fill=fill)


def icon(px, scale):
    """The icon at `px` pixels; `scale` is the house's width as a share of the square."""
    n = px * SUPERSAMPLE
    image = Image.new("RGB", (n, n), THEME)
    draw = ImageDraw.Draw(image)
    w = n * scale
    cx, top = n / 2, n / 2 - w * 0.52
    eave = top + w * 0.45
    bottom = top + w * 1.02
    # Roof, a little wider than the walls, then the walls.
    draw.polygon([(cx, top), (cx + w / 2, eave), (cx - w / 2, eave)], fill=WHITE)
    draw.rectangle((cx - w * 0.38, eave - 1, cx + w * 0.38, bottom), fill=WHITE)
    heart(draw, cx, eave + w * 0.2, w * 0.42, THEME)
    image = image.resize((px, px), Image.LANCZOS)
    # A small palette keeps each file a few kilobytes (the icons count in the first visit).
    return image.quantize(colors=32, method=Image.MEDIANCUT)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, px, scale in [
        ("icon-192.png", 192, 0.66),
        ("icon-512.png", 512, 0.66),
        ("icon-maskable-512.png", 512, 0.52),
        ("apple-touch-icon.png", 180, 0.62),
    ]:
        icon(px, scale).save(OUT / name, optimize=True)
        print(f"{OUT / name}: {(OUT / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
