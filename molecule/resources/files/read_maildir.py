"""Print every message of a Maildir as JSON (run on the test relay by verify): envelope
recipients, sender, subject and the plain text body, decoded (headers unfolded, as a mail
client shows them)."""

import email
import email.policy
import json
import mailbox
import sys


def parsed(file):
    return email.message_from_binary_file(file, policy=email.policy.default)


def main(path: str) -> None:
    messages = []
    for message in mailbox.Maildir(path, factory=parsed, create=False):
        body = message.get_body(preferencelist=("plain",))
        messages.append(
            {
                "rcpt_to": [a.strip() for a in str(message["X-RcptTo"] or "").split(",") if a],
                "mail_from": str(message["X-MailFrom"] or ""),
                "to": str(message["To"] or ""),
                "subject": str(message["Subject"] or ""),
                "body": body.get_content() if body is not None else "",
            }
        )
    json.dump(messages, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
