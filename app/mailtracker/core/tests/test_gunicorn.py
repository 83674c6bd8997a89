"""config/gunicorn.py's hooks, as gunicorn loads and calls them."""

import gc

from gunicorn.config import Config

from config import gunicorn


def test_a_worker_keeps_what_it_loaded_out_of_full_collections():
    config = Config()
    config.set("post_worker_init", gunicorn.post_worker_init)  # gunicorn checks its signature
    gc.unfreeze()
    try:
        config.post_worker_init(None)
        # Django, the models and the app's modules, loaded once per worker.
        assert gc.get_freeze_count() > 50_000
    finally:
        gc.unfreeze()
