"""The e-mail edition of an issue: mail-safe HTML with inlined CSS, its plain-text twin, pictures as PNG or JPEG. Imports core, images, content, text and site."""
