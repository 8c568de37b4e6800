"""Run charts: the Anhøj rules, their words, the SVG drawing and chart views for a page. Imports core only."""
