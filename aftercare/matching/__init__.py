"""Matching participants with time-givers; the pure engine lives in `engine/`."""
