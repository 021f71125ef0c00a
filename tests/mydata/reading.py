"""Reading the whole "my data" page as a person does: the list of parts, then every part, page by page."""
import re
from html import unescape

_LINK = re.compile(r'href="(/account/my-data\?section=[^"]+)"')


def every_part(client):
    """The text of the overview and of every page of every part it links to, one after the other."""
    seen, pages = set(), []
    queue = ["/account/my-data"]
    while queue:
        address = queue.pop(0)
        if address in seen:
            continue
        seen.add(address)
        response = client.get(address)
        assert response.status_code == 200, address
        html = response.get_data(as_text=True)
        pages.append(html)
        queue.extend(unescape(link) for link in _LINK.findall(html))
    return "\n".join(pages)
