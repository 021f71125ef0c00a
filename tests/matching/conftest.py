"""Fixtures for the time-giver services and pages."""
import pytest

from .factories import MatchingFactories


@pytest.fixture
def mf(factories):
    """Matching factories: mf.time_giver(), mf.request(), mf.proposal(), mf.match(), mf.coordinator."""
    return MatchingFactories(factories)
