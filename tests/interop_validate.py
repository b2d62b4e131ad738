#!/usr/bin/env python3
"""Validates rolo's vCard and iCalendar exports with real parsers (vobject, icalendar).

Usage: python3 tests/interop_validate.py EXPORT.vcf EXPORT.ics [MORE.vcf ...]
Checks, besides the parsers accepting the files: CRLF line ends, lines of at most 75 octets,
one FN and one UID per card (UIDs unique), and per event UID, DTSTAMP, DTSTART, a VALARM on
timed events. Exits 1 with a message on the first problem; prints a summary line otherwise.
"""
import sys

import icalendar
import vobject


def fail(msg):
    print(f"interop_validate: {msg}", file=sys.stderr)
    sys.exit(1)


def check_lines(path, data):
    if data and not data.endswith(b"\r\n"):
        fail(f"{path}: does not end with CRLF")
    for n, line in enumerate(data.split(b"\r\n"), 1):
        if b"\n" in line or b"\r" in line:
            fail(f"{path}:{n}: bare LF or CR inside a line")
        if len(line) > 75:
            fail(f"{path}:{n}: {len(line)} octets (more than 75)")
        line.decode("utf-8")  # raises on a split UTF-8 sequence


def check_vcf(path):
    data = open(path, "rb").read()
    check_lines(path, data)
    uids = set()
    n = 0
    for card in vobject.readComponents(data.decode("utf-8"), validate=True):
        n += 1
        if card.name != "VCARD":
            fail(f"{path}: component {card.name}, expected VCARD")
        version = card.contents.get("version", [None])[0]
        if version is None or version.value not in ("3.0", "4.0"):
            fail(f"{path}: card {n} has no VERSION 3.0/4.0")
        fn = card.contents.get("fn", [])
        if len(fn) != 1 or not fn[0].value.strip():
            fail(f"{path}: card {n} needs exactly one non-empty FN")
        uid = card.contents.get("uid", [])
        if len(uid) != 1:
            fail(f"{path}: card {n} needs exactly one UID")
        if uid[0].value in uids:
            fail(f"{path}: UID {uid[0].value} twice")
        uids.add(uid[0].value)
        if version.value == "3.0" and "n" not in card.contents:
            fail(f"{path}: vCard 3.0 card {n} has no N")
    return n


def check_ics(path):
    data = open(path, "rb").read()
    check_lines(path, data)
    cal = icalendar.Calendar.from_ical(data)
    for prop in ("VERSION", "PRODID"):
        if prop not in cal:
            fail(f"{path}: VCALENDAR without {prop}")
    n = 0
    uids = set()
    for ev in cal.walk("VEVENT"):
        n += 1
        for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            if prop not in ev:
                fail(f"{path}: event {n} without {prop}")
        if str(ev["UID"]) in uids:
            fail(f"{path}: UID {ev['UID']} twice")
        uids.add(str(ev["UID"]))
        start = ev.decoded("DTSTART")
        timed = hasattr(start, "hour")
        alarms = list(ev.walk("VALARM"))
        # A cancelled event (a follow-up closed before its day) reminds of nothing.
        cancelled = str(ev.get("STATUS", "")) == "CANCELLED"
        if timed and not alarms and not cancelled:
            fail(f"{path}: timed event {ev['UID']} has no VALARM")
        if cancelled and alarms:
            fail(f"{path}: cancelled event {ev['UID']} has a VALARM")
        for a in alarms:
            if "TRIGGER" not in a or "ACTION" not in a:
                fail(f"{path}: VALARM of {ev['UID']} without TRIGGER/ACTION")
    return n


def main(argv):
    if len(argv) < 3:
        fail("usage: interop_validate.py EXPORT.vcf EXPORT.ics [MORE.vcf ...]")
    cards = check_vcf(argv[1])
    events = check_ics(argv[2])
    for extra in argv[3:]:
        cards += check_vcf(extra)
    print(f"interop_validate: {cards} cards and {events} events parse and check out")


if __name__ == "__main__":
    main(sys.argv)
