"""`dropwire serve`: a JSON API and a search page over the same store and models."""

from __future__ import annotations

from pipeline.web.app import create_app

__all__ = ["create_app"]
