"""Images: probing with Pillow, resized metadata-free variants, SVG drawn for e-mail, their markup. Imports core."""
