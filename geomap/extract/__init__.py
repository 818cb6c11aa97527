"""Extractors: sentences, toponyms, actors, dates and events, each from plain text."""
