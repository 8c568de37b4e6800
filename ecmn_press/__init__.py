"""ecmn-press: a static-site generator for clinical-improvement networks."""

# Written here, not read from the installed metadata: importlib.metadata costs
# every command 50 ms at start. pyproject.toml takes the package's version from it.
__version__ = "0.1.0"
