"""Python's own IMAP and SMTP clients (imaplib, smtplib) against the emulator's servers,
signing in with the XOAUTH2 string Tern's *Mail programs* page gave.

    mail_programs.py use IMAP_PORT SMTP_PORT SASL SUBJECT
        reads the inbox over IMAP and sends SUBJECT to the signed-in person over SMTP
    mail_programs.py refused IMAP_PORT SMTP_PORT SASL
        expects both servers to refuse the sign-in

SASL is the base64 string from the page. Prints one JSON object; exits non-zero when the
servers did not behave as a mail program expects.
"""

import base64
import email
import email.policy
import imaplib
import json
import smtplib
import sys
from email.message import EmailMessage

HOST = "127.0.0.1"


def user_of(raw):
    return raw.split("\x01")[0].removeprefix("user=")


def use(imap_port, smtp_port, raw, subject):
    result = {}
    imap = imaplib.IMAP4(HOST, imap_port)
    result["capabilities"] = sorted(imap.capabilities)
    try:
        imap.login(user_of(raw), "the old password")
        result["login"] = "accepted"
    except imaplib.IMAP4.error as refused:
        result["login"] = str(refused)
    imap.authenticate("XOAUTH2", lambda _: raw.encode())
    status, folders = imap.list()
    result["folders"] = [line.decode() for line in folders]
    status, count = imap.select("INBOX", readonly=True)
    result["inbox_count"] = int(count[0])
    status, envelopes = imap.fetch("1:*", "(UID FLAGS ENVELOPE)")
    result["envelopes"] = [part.decode(errors="replace") if isinstance(part, bytes) else part[0].decode() for part in envelopes]
    status, first = imap.fetch("1", "(BODY.PEEK[])")
    message = email.message_from_bytes(first[0][1], policy=email.policy.default)
    result["first_subject"] = str(message["Subject"])
    result["first_from"] = str(message["From"])
    body = message.get_body(preferencelist=("html", "plain"))
    result["first_body_type"] = body.get_content_type() if body else None
    imap.logout()

    smtp = smtplib.SMTP(HOST, smtp_port)
    smtp.ehlo("tern-test")
    result["smtp_auth"] = smtp.esmtp_features.get("auth", "")
    smtp.auth("XOAUTH2", lambda challenge=None: raw)
    outgoing = EmailMessage()
    outgoing["From"] = user_of(raw)
    outgoing["To"] = user_of(raw)
    outgoing["Subject"] = subject
    outgoing.set_content("Sent over SMTP with XOAUTH2 by Python's smtplib.\n.A line that starts with a dot.\n")
    result["refused_recipients"] = smtp.send_message(outgoing)
    smtp.quit()
    return result


def refused(imap_port, smtp_port, raw):
    result = {}
    imap = imaplib.IMAP4(HOST, imap_port)
    try:
        imap.authenticate("XOAUTH2", lambda _: raw.encode())
        result["imap"] = "accepted"
    except imaplib.IMAP4.error as refusal:
        result["imap"] = str(refusal)
    imap.logout()
    smtp = smtplib.SMTP(HOST, smtp_port)
    smtp.ehlo("tern-test")
    try:
        smtp.auth("XOAUTH2", lambda challenge=None: raw)
        result["smtp"] = "accepted"
    except smtplib.SMTPAuthenticationError as refusal:
        result["smtp"] = f"{refusal.smtp_code} {refusal.smtp_error.decode()}"
    smtp.quit()
    return result


def main():
    mode, imap_port, smtp_port, sasl = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    raw = base64.b64decode(sasl).decode()
    result = use(imap_port, smtp_port, raw, sys.argv[5]) if mode == "use" else refused(imap_port, smtp_port, raw)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
