"""The analyst's web page: static files served by ``sitrep serve``."""
