"""WSGI entry point for gunicorn: `gunicorn -k gevent -w 1 aftercare.wsgi:app`."""
from . import create_app

app = create_app()
