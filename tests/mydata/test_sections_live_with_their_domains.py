"""Each domain writes its own section of the export; the export itself knows no domain's tables."""
import ast
from pathlib import Path

from aftercare.exports import READING_ORDER, section_names

MYDATA = Path(__file__).resolve().parents[2] / "aftercare" / "mydata"
DOMAINS = {"accounts", "groups", "chat", "matching", "meetings", "referrals", "audit", "notifications", "network"}


def test_every_section_is_there_in_reading_order(app):
    assert section_names() == list(READING_ORDER)


def test_the_export_imports_no_domain():
    for path in MYDATA.glob("*.py"):
        if path.name == "models.py":
            continue  # the index the export's lookup by actor needs on the audit table
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level >= 2 and node.module:
                assert node.module.split(".")[0] not in DOMAINS, f"{path.name} imports {node.module}"
