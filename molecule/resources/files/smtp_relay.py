"""The test SMTP relay of the split scenario (runs on its mail host as a systemd service, with
Debian's python3-aiosmtpd): submission with STARTTLS on port 587, a login required after
STARTTLS, every accepted message stored in a Maildir (with X-MailFrom and X-RcptTo headers
from the envelope) that verify reads.

    RELAY_USER=u RELAY_PASSWORD=p python3 smtp_relay.py CERT KEY MAILDIR
"""

import os
import signal
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword


def authenticator(server, session, envelope, mechanism, auth_data):
    user = os.environ["RELAY_USER"].encode()
    password = os.environ["RELAY_PASSWORD"].encode()
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == user
        and auth_data.password == password
    )
    return AuthResult(success=ok)


def main(cert: str, key: str, maildir: str) -> None:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    controller = Controller(
        Mailbox(maildir),
        hostname="0.0.0.0",  # noqa: S104 — the relay of a throwaway test network
        port=587,
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    print(f"relay listening on 587, storing into {maildir}", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main(*sys.argv[1:4])
