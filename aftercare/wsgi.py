"""WSGI entry point for gunicorn: `gunicorn -k gevent -w 1 aftercare.wsgi:app`."""
import gc

from . import create_app

app = create_app()

# One gevent process holds thousands of sockets, and each event's objects live while it waits on the
# database. With the default thresholds the young collections run so often that those objects reach
# the oldest generation, and full collections of a few million objects then pause every socket for
# hundreds of milliseconds every few seconds. Fewer, larger young collections let them die young; what
# the app loaded at start is left out of every collection.
gc.collect()
gc.freeze()
gc.set_threshold(100_000, 50, 100)
