"""Reading and validating content: files, YAML with positions, fields, settings, typed documents, the linked site, its URLs and route plan. Imports core only."""
