"""ecmn-press: a static-site generator for clinical-improvement networks."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ecmn-press")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
