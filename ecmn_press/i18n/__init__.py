"""Languages: BCP 47 codes, translation file names, gettext catalogues, dates in each language. Imports core only."""
