"""The professional's small home page is made of sections other areas register (meetings adds the guest
invitations). A section is a function user -> dict(template=..., **context), or None to show nothing."""

_SECTIONS = []


def register_section(loader):
    _SECTIONS.append(loader)
    return loader


def sections(user):
    return [section for section in (loader(user) for loader in _SECTIONS) if section]
