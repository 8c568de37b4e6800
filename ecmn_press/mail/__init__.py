"""The e-mail edition of an issue: mail-safe HTML with inlined CSS, its plain-text twin, image sizes. Imports core, content, text and site."""
