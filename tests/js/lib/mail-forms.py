"""What mail clients and forwarding steps do to a message, done by Python's own `email` and
`mailbox` packages (not by psirt-report's writer), for tests/js/open/mail-forms.test.mjs.

  mail-forms.py reencode IN OUT base64|quoted-printable lf|crlf
      parse IN, re-encode its application/octet-stream part, write it back with folded headers
  mail-forms.py inline ARMORED OUT 7bit|quoted-printable|base64
      a text/plain mail whose body is text, the armored block, more text
  mail-forms.py forward IN OUT
      a new mail with a note and IN attached as message/rfc822 (forward as attachment)
  mail-forms.py mbox OUT FILE...
      an mbox (mailbox.mbox) holding each FILE as one mail
"""
import email
import email.encoders
import email.policy
import mailbox
import sys
from email.message import EmailMessage


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def reencode(src, out, cte, ends):
    msg = email.message_from_bytes(read(src), policy=email.policy.compat32)
    hit = 0
    for part in msg.walk():
        if part.get_content_type() == "application/octet-stream":
            payload = part.get_payload(decode=True)
            del part["Content-Transfer-Encoding"]
            part.set_payload(payload)
            (email.encoders.encode_base64 if cte == "base64" else email.encoders.encode_quopri)(part)
            hit += 1
    assert hit == 1, "no application/octet-stream part"
    msg["X-Forwarded-Note"] = "re-encoded by a forwarding step that folds long header lines " * 2
    policy = email.policy.compat32.clone(linesep="\r\n" if ends == "crlf" else "\n", max_line_length=60)
    write(out, msg.as_bytes(policy=policy))


def inline(armored, out, cte):
    block = read(armored).decode("ascii").replace("\r\n", "\n")
    msg = EmailMessage()
    msg["From"] = "Researcher <researcher@lab.example>"
    msg["To"] = "psirt@psirt-demo.example"
    msg["Subject"] = "Finding (encrypted inline)"
    msg["Date"] = "Tue, 01 Dec 2026 09:15:00 +0100"
    body = "Hello PSIRT,\n\nmy report is below, encrypted to your key.\n\n" + block + "\n\nBest regards,\n-- \nResearcher\n"
    msg.set_content(body, cte=cte)
    write(out, msg.as_bytes())


def forward(src, out):
    orig = email.message_from_bytes(read(src), policy=email.policy.default)
    msg = EmailMessage()
    msg["From"] = "Front desk <desk@psirt-demo.example>"
    msg["To"] = "analyst@psirt-demo.example"
    msg["Subject"] = "Fwd: Encrypted report"
    msg.set_content("Forwarding what arrived at the shared mailbox.\n")
    msg.add_attachment(orig)
    write(out, msg.as_bytes())


def make_mbox(out, files):
    box = mailbox.mbox(out, create=True)
    box.lock()
    for f in files:
        box.add(email.message_from_bytes(read(f), policy=email.policy.compat32))
    box.flush()
    box.unlock()
    box.close()


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"reencode": reencode, "inline": inline, "forward": forward}.get(cmd, lambda *a: make_mbox(a[0], a[1:]))(*args)
