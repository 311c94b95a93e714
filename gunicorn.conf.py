"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py electionsite.wsgi`.

App servers keep no state of their own (data in PostgreSQL, pages in Redis), so any number
can run behind a load balancer. Tune with environment variables, not by editing this file.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Synchronous workers: pages are short, CPU-bound and mostly served from the cache.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so memory stays flat over weeks.
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def when_ready(server):
    """Freeze what the preloaded app allocated, before the workers are forked.

    The garbage collector then never walks Django's start-up objects again: full
    collections in a worker stay short and those pages stay shared between workers.
    """
    gc.collect()
    gc.freeze()
