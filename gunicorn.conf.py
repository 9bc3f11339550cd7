"""Gunicorn settings for `make run`; every value can be changed from the environment."""
import os

wsgi_app = "wsgi:app"
# Loopback unless told otherwise: in front of the portal stands a reverse proxy (with HTTPS);
# HOST=0.0.0.0 listens on every interface.
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Threads rather than many processes: requests mostly wait on the database and on
# file uploads, while OCR runs in the background worker.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("PORTAL_THREADS", "4"))
timeout = 120  # a phone on a slow line uploading a 25 MB scan
graceful_timeout = 10
accesslog = "-"
errorlog = "-"
# Gunicorn 27's control socket lives at one fixed path per user: two portals on one
# machine would fight over it, and nothing here uses it. (Older releases ignore this.)
control_socket_disable = True
