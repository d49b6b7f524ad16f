"""Dropwire: text drops in, a faceted archive of actors, dates, tone and themes out."""

from __future__ import annotations

__version__ = "0.1.0"
PIPELINE_VERSION = __version__
