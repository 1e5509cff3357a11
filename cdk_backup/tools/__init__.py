"""Command-line helpers used by the Makefile."""
