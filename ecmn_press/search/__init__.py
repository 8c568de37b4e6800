"""The search index: rendered pages indexed by Pagefind, its filters put in a fixed order. Imports core, content and site."""
