"""Print every message of a Maildir as JSON (run on the test relay by verify): envelope
recipients, sender, subject and the plain text body, decoded."""

import json
import mailbox
import sys
from email.header import decode_header, make_header


def text_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def main(path: str) -> None:
    messages = []
    for message in mailbox.Maildir(path, create=False):
        messages.append(
            {
                "rcpt_to": [a.strip() for a in (message["X-RcptTo"] or "").split(",") if a],
                "mail_from": message["X-MailFrom"] or "",
                "to": str(make_header(decode_header(message["To"] or ""))),
                "subject": str(make_header(decode_header(message["Subject"] or ""))),
                "body": text_of(message),
            }
        )
    json.dump(messages, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
