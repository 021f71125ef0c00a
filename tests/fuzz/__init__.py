"""Fuzz suites: random and malformed input against every socket event and form."""
