"""Settings modules: ``dev`` (manage.py default), ``test`` and ``production`` (servers)."""
