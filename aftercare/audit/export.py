"""The audit log's section of a person's data export: what was done about her or by her."""
from ..exports import register_section
from .services import export_section

register_section("audit_log", export_section)
