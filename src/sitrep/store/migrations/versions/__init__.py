"""Alembic revisions, one module each (packaged so installed copies carry them)."""
