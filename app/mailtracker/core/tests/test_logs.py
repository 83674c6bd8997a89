"""Log records reach journald with their priority and the fields of the request they belong to."""

import logging
import socket
import struct

import pytest

from mailtracker.core import logs


@pytest.fixture
def journal(tmp_path):
    """A stand-in for journald's socket: a datagram socket the handler sends to."""
    path = str(tmp_path / "journal.socket")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(path)
    server.settimeout(2)
    handler = logs.JournalHandler(path=path)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    handler.addFilter(logs.RequestFields())
    logger = logging.getLogger("mailtracker.tests.journal")
    logger.addHandler(handler)
    logger.propagate = False

    def received() -> dict[str, str]:
        return decode(server.recv(65536))

    yield logger, received
    logger.removeHandler(handler)
    handler.close()
    server.close()


def decode(datagram: bytes) -> dict[str, str]:
    """The native protocol's KEY=VALUE lines, and KEY\\n<length><value>\\n for multi-line ones."""
    fields, rest = {}, datagram
    while rest:
        line, _, rest = rest.partition(b"\n")
        if b"=" in line:
            name, _, value = line.partition(b"=")
            fields[name.decode()] = value.decode()
        else:
            (length,) = struct.unpack("<Q", rest[:8])
            fields[line.decode()] = rest[8 : 8 + length].decode()
            rest = rest[8 + length + 1 :]
    return fields


def test_an_error_reaches_the_journal_at_priority_err(journal):
    logger, received = journal
    logger.error("the database went away")
    fields = received()
    assert fields["PRIORITY"] == "3"
    assert fields["MESSAGE"] == "ERROR mailtracker.tests.journal the database went away"
    assert fields["SYSLOG_IDENTIFIER"] == "mailtracker"


@pytest.mark.parametrize(
    ("level", "priority"),
    [(logging.CRITICAL, "2"), (logging.WARNING, "4"), (logging.INFO, "6"), (logging.DEBUG, "7")],
)
def test_each_level_has_its_journald_priority(journal, level, priority):
    logger, received = journal
    logger.setLevel(logging.DEBUG)
    logger.log(level, "something")
    assert received()["PRIORITY"] == priority


def test_a_traceback_stays_one_entry_with_its_lines(journal):
    logger, received = journal
    try:
        raise ValueError("broken")
    except ValueError:
        logger.exception("it failed")
    message = received()["MESSAGE"]
    assert message.startswith("ERROR mailtracker.tests.journal it failed\nTraceback")
    assert message.endswith("ValueError: broken")


def test_each_response_names_its_request_id_and_an_odd_one_is_replaced(client, db):
    given = client.get("/api/health/", HTTP_X_REQUEST_ID="abcdef0123456789")
    assert given["X-Request-ID"] == "abcdef0123456789"
    forged = client.get("/api/health/", HTTP_X_REQUEST_ID="<script>\nx")
    assert len(forged["X-Request-ID"]) == 32
    assert forged["X-Request-ID"] != "<script>\nx"


@pytest.fixture
def slow_requests_to_journal(journal, settings):
    """Every request counts as slow, and its warning goes to the stand-in journal."""
    settings.SLOW_REQUEST_MS = -1
    logger, received = journal
    slow = logging.getLogger("mailtracker.slow_requests")
    slow.handlers, slow.propagate = logger.handlers, False
    yield received
    slow.handlers, slow.propagate = [], True


def test_a_record_logged_during_a_request_carries_its_id_user_and_path(
    slow_requests_to_journal, client, world
):
    client.force_login(world.clerk_a)
    client.get("/records/", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")
    fields = slow_requests_to_journal()
    assert fields["REQUEST_ID"] == "0123456789abcdef0123456789abcdef"
    assert fields["REQUEST_USER"] == "clerk_a"
    assert fields["REQUEST_PATH"] == "/records/"
    assert fields["REQUEST_METHOD"] == "GET"


def test_a_slow_request_is_a_warning_with_its_status_and_duration(
    slow_requests_to_journal, api, world
):
    api.as_(world.clerk_a).get("/api/records/")
    fields = slow_requests_to_journal()
    assert fields["PRIORITY"] == "4"
    assert fields["STATUS"] == "200"
    assert int(fields["DURATION_MS"]) >= 0
    assert fields["REQUEST_PATH"] == "/api/records/"


def test_without_journald_records_go_to_stderr(monkeypatch):
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    assert type(logs.handler()) is logging.StreamHandler


def test_under_systemd_records_go_to_the_journal_socket(monkeypatch, tmp_path):
    socket_path = tmp_path / "socket"
    socket_path.touch()
    monkeypatch.setenv("JOURNAL_STREAM", "8:12345")
    monkeypatch.setattr(logs, "JOURNAL_SOCKET", str(socket_path))
    handler = logs.handler()
    try:
        assert isinstance(handler, logs.JournalHandler)
    finally:
        handler.close()


def test_a_record_the_journal_refuses_goes_to_stderr_with_its_priority(tmp_path, capsys):
    handler = logs.JournalHandler(path=str(tmp_path / "nobody-listens"))
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "lost?", None, None)
    handler.emit(record)
    handler.close()
    assert capsys.readouterr().err == "<3>lost?\n"


def test_gunicorn_takes_its_logging_from_the_app(monkeypatch):
    """config/gunicorn.py as gunicorn applies it (its defaults updated with logconfig_dict):
    the configuration loads, and gunicorn's own lines go through the app's handler."""
    import logging.config

    from gunicorn.glogging import CONFIG_DEFAULTS

    from config import gunicorn

    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    before = logging.root.handlers[:]
    try:
        logging.config.dictConfig({**CONFIG_DEFAULTS, **gunicorn.logconfig_dict})
        (handler,) = logging.getLogger("gunicorn.error").handlers
        assert type(handler) is logging.StreamHandler
        assert logging.getLogger("gunicorn.error").propagate is False
    finally:
        logging.root.handlers[:] = before
