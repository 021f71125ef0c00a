"""Time-giver services: applications, requests, proposals and matches (plain functions; see STYLE.md)."""
