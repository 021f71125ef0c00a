"""Each domain registers a function user -> JSON-ready value under a section name."""
_SECTIONS = {}


def register_section(name, loader):
    """Add (or replace) the section `name`; `loader(user)` returns dicts, lists, strings, numbers."""
    _SECTIONS[name] = loader
    return loader


def section_names():
    return list(_SECTIONS)


def collect(user):
    return {name: loader(user) for name, loader in _SECTIONS.items()}


def collect_section(name, user):
    """One section, or None when there is no section by that name."""
    loader = _SECTIONS.get(name)
    return None if loader is None else loader(user)
