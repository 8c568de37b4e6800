"""Markdown bodies: rendering, link resolution, raw-HTML cleaning, the patient-identifier scan, HTML to plain text. Imports core, content and charts."""
