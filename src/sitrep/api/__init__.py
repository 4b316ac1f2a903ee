"""The HTTP API and web page behind ``sitrep serve``."""

from sitrep.api.app import create_app

__all__ = ["create_app"]
