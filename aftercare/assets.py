"""Static files under versioned URLs (?v= their content hash), cached for a year, and compressed responses."""
import hashlib
from pathlib import Path

from flask import request
from flask_compress import Compress

compress = Compress()
YEAR = 365 * 24 * 60 * 60
_hashes = {}


def file_hash(static_folder, filename):
    """The first 12 hex digits of the file's SHA-256, read once per file and modification time."""
    path = Path(static_folder) / filename
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _hashes:
        _hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _hashes[key]


def version(static_folder):
    """One fingerprint for every static file together (the service worker's cache name follows it)."""
    digest = hashlib.sha256()
    for path in sorted(Path(static_folder).rglob("*")):
        if path.is_file():
            relative = str(path.relative_to(static_folder))
            digest.update(f"{relative}:{file_hash(static_folder, relative)}\n".encode())
    return digest.hexdigest()[:12]


def configure(app):
    app.config.setdefault("COMPRESS_MIMETYPES", [
        "text/html", "text/css", "text/javascript", "application/javascript", "application/json",
        "application/manifest+json", "image/svg+xml", "text/calendar"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["br", "gzip"])  # static files are sent as streams
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    compress.init_app(app)

    @app.url_defaults
    def _versioned_static(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            digest = file_hash(app.static_folder, values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def _cache_static(response):
        # A versioned URL never changes its content: a new file gets a new URL.
        if request.endpoint == "static" and response.status_code == 200:
            if request.args.get("v") == file_hash(app.static_folder, request.view_args.get("filename", "")):
                response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
            else:
                response.headers["Cache-Control"] = "no-cache"
        return response
