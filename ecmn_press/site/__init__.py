"""The site's pages and feeds: template views, listings, Jinja themes, metadata, and the producers of pages, feeds, sitemap and CSV. Imports core, content, charts and text."""
