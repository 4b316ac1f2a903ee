"""Evaluation against gold development data in ../shared/data."""
