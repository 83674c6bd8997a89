import threading

from django.db import connection


def in_parallel(count: int, call) -> list:
    """Run ``call`` in ``count`` threads released together and return their results in order.
    Each thread has its own database connection (closed at its end), as separate gunicorn
    workers would."""
    start, results = threading.Barrier(count), [None] * count

    def run(index):
        try:
            start.wait()
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
