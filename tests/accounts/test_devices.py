"""The devices page's words for a login's device, from real User-Agent strings of common phones and browsers."""
import pytest

from aftercare.accounts.devices import describe

IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"

CASES = [
    # iPhone: Safari and the other browsers (all WebKit, each with its own token)
    (f"{IPHONE} Version/17.5 Mobile/15E148 Safari/604.1", "Safari · iPhone"),
    (f"{IPHONE} CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1", "Chrome · iPhone"),
    (f"{IPHONE} FxiOS/127.0 Mobile/15E148 Safari/605.1.15", "Firefox · iPhone"),
    (f"{IPHONE} Version/17.0 EdgiOS/126.2592.56 Mobile/15E148 Safari/605.1.15", "Edge · iPhone"),
    (f"{IPHONE} Mobile/15E148", "Safari · iPhone"),  # a web view in an app
    # iPad: an older iPad says so; iPadOS Safari sends a Mac's User-Agent, which no parser can tell apart
    ("Mozilla/5.0 (iPad; CPU OS 12_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1 "
     "Mobile/15E148 Safari/604.1", "Safari · iPad"),
    ("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1", "Chrome · iPad"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
     "Safari/605.1.15", "Safari · Mac"),
    # Android phones
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile "
     "Safari/537.36", "Chrome · Android"),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 "
     "Mobile Safari/537.36", "Chrome · Android"),
    ("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", "Samsung Internet · Android"),
    ("Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0", "Firefox · Android"),
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile "
     "Safari/537.36 EdgA/126.0.2592.61", "Edge · Android"),
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile "
     "Safari/537.36 OPR/83.0.4254.70214", "Opera · Android"),
    ("Mozilla/5.0 (Linux; Android 13; SM-A515F Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Version/4.0 Chrome/126.0.6478.71 Mobile Safari/537.36", "Chrome · Android"),  # a web view in an app
    ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.0.0 "
     "Mobile DuckDuckGo/5 Safari/537.36", "DuckDuckGo · Android"),
    # computers
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
     "Safari/537.36 Edg/126.0.2592.56", "Edge · Windows"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
     "Safari/537.36", "Chrome · Windows"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0", "Firefox · Windows"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
     "Safari/537.36", "Chrome · Mac"),
    ("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0", "Firefox · Linux"),
    ("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
     "Safari/537.36", "Chrome · ChromeOS"),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.6478.126 "
     "Safari/537.36", "Chrome · Linux"),
]


@pytest.mark.parametrize("user_agent, words", CASES)
def test_real_user_agents(user_agent, words):
    assert describe(user_agent) == words


@pytest.mark.parametrize("user_agent", [None, "", "Werkzeug/3.1.9", "(;" * 50_000])
def test_unknown_or_absurd_user_agents_are_a_question_mark(user_agent):
    assert describe(user_agent) == "?"


def test_only_the_browser_when_no_system_is_named():
    assert describe("curl/8.5.0") == "curl"


def test_no_version_or_phone_model_is_kept():
    words = describe("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) "
                     "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36")
    assert "SM-S921B" not in words and "25" not in words
