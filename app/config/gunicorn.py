"""gunicorn settings the systemd unit loads (`--config python:config.gunicorn`).

gunicorn's own lines (workers booting, timing out, crashing) go through the app's log handler,
so under systemd they reach journald with their priority: a worker timeout is an error in
`journalctl -p err`, not an info line like the rest of stderr.
"""

import gc

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "default": {"()": "mailtracker.core.logs.handler", "formatter": "plain"},
        "discard": {"class": "logging.NullHandler"},
    },
    # gunicorn merges this over its own defaults, whose root logger names its "console" handler.
    "root": {"handlers": ["default"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["default"], "level": "INFO", "propagate": False},
        # nginx logs every request already.
        "gunicorn.access": {"handlers": ["discard"], "level": "INFO", "propagate": False},
    },
}


def post_worker_init(worker):
    """Once a worker has loaded the app, keep what it loaded (Django, the models, the app's
    modules: ~90,000 objects that live as long as the worker) out of the garbage collector's
    full collections. Each of those scanned them all again: ~25 ms here, 40-60 ms on the
    bench's host, added to whichever request ran into one; ~5 ms with them frozen."""
    gc.freeze()
