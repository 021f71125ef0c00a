"""The referral's section of a person's data export."""
from ..exports import register_section
from .services import export_section

register_section("referral", export_section)
