"""Maintenance commands for the test suite (``python -m tests.tools.<name>``)."""
