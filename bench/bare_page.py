"""The floor for bench/pages.py: a bare Flask page (no database, no templates, no login) served the same way.

Serve with: gunicorn -k gevent -w 1 -b 127.0.0.1:5602 bench.bare_page:app
"""
from flask import Flask

app = Flask(__name__)
PAGE = "<!doctype html><html lang=en><title>Bare</title><p>A bare page.</p></html>"


@app.get("/")
def page():
    return PAGE
