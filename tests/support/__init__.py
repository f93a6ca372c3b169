"""Test infrastructure for checking a built site in a real browser and with the HTML checker.

Every helper here works on any built site folder; none of them reaches the internet.
"""
