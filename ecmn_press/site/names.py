"""The names the site shows for the 5 Ps, kinds of term and kinds of content,
as the catalogues' message ids (translated where they are shown)."""

from __future__ import annotations

from ..i18n.catalogues import N_

# The 5 Ps' names and questions, as the catalogues' msgids (translated where shown).
THEME_NAMES = {
    "purpose": N_("Purpose"), "patients": N_("Patients"), "professionals": N_("Professionals"),
    "processes": N_("Processes"), "patterns": N_("Patterns"),
}
THEME_QUESTIONS = {
    "purpose": N_("Why does the team exist, and what does it aim to achieve?"),
    "patients": N_("Who are the patients and families the team serves, and what do they need?"),
    "professionals": N_("Who works in the team, and how do they learn and work together?"),
    "processes": N_("How is the care delivered, step by step, and where does it stall?"),
    "patterns": N_("What do the team's results, habits and culture show over time?"),
}
KIND_WORDS = {"tag": N_("Tag"), "author": N_("Author"), "theme": N_("Theme")}
SECTION_WORDS = {"tag": N_("Tags"), "author": N_("Authors"), "theme": N_("The 5 Ps")}
# Kind names as readers see them in search results and filters.
SEARCH_KINDS = {"story": N_("Story"), "article": N_("Article"), "issue": N_("Issue"), "team": N_("Team"),
                "page": N_("Page")}
