"""legday: a terminal leg-day habit tracker."""

__version__ = "0.1.0"
