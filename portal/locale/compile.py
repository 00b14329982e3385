"""Compile the portal's gettext catalogs (portal/locale/*/LC_MESSAGES/*.po) into the .mo files Django reads.

The .mo files are committed, so a machine without gettext still serves the translations; run this script after
editing a .po file and commit both.

    python portal/locale/compile.py            # compile every .po (GNU msgfmt --check when installed)
    python portal/locale/compile.py --check    # only verify that every .mo matches its .po (no gettext needed)

With GNU gettext installed (Debian: apt-get install gettext) the catalogs are compiled by ``msgfmt --check``, which
also verifies placeholders such as %(name)s and {name} against the English text. Without it the script falls back
to a pure-Python compiler that writes an equivalent .mo, but cannot do those checks.
"""

import argparse
import ast
import gettext
import shutil
import struct
import subprocess
import sys
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent


def read_po(path):
    """Return the translated, non-fuzzy entries of a .po file as {(context, msgid, msgid_plural): [msgstr, ...]}."""
    entries = {}
    entry, field = {}, None

    def flush():
        nonlocal entry, field
        if "msgid" in entry and "fuzzy" not in entry.get("flags", ()):
            strs = [entry["msgstr"][i] for i in sorted(entry.get("msgstr", {}))]
            if (strs and all(strs)) or entry["msgid"] == "":
                entries[(entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))] = strs
        entry, field = {}, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line and entry:
                flush()
            continue
        if line.startswith("#"):
            if field is not None and "msgstr" in entry:
                flush()
            if line.startswith("#,"):
                entry.setdefault("flags", set()).update(flag.strip() for flag in line[2:].split(","))
            continue
        keyword, _, value = line.partition(" ")
        if line.startswith('"'):
            keyword, value = None, line
        try:
            text = ast.literal_eval(value)
        except (SyntaxError, ValueError) as error:
            raise SystemExit(f"{path}:{number}: cannot read {line!r}") from error
        if keyword is None:
            if field is None:
                raise SystemExit(f"{path}:{number}: continuation line outside an entry")
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += text
            else:
                entry[field] += text
        elif keyword in ("msgctxt", "msgid") and "msgstr" in entry:
            flush()
            entry[keyword], field = text, keyword
        elif keyword in ("msgctxt", "msgid", "msgid_plural"):
            entry[keyword], field = text, keyword
        elif keyword == "msgstr" or keyword.startswith("msgstr["):
            index = int(keyword[7:-1]) if keyword != "msgstr" else 0
            entry.setdefault("msgstr", {})[index] = text
            field = ("msgstr", index)
        else:
            raise SystemExit(f"{path}:{number}: unknown keyword {keyword!r}")
    if entry:
        flush()
    return entries


def mo_key(context, msgid, plural):
    key = msgid if plural is None else f"{msgid}\0{plural}"
    return key if context is None else f"{context}\x04{key}"


def write_mo(entries, path):
    """Write a GNU .mo file (same layout as CPython's Tools/i18n/msgfmt.py: sorted keys, no hash table)."""
    pairs = sorted((mo_key(*key).encode(), "\0".join(strs).encode()) for key, strs in entries.items())
    count = len(pairs)
    ids_start = 7 * 4
    strs_start = ids_start + count * 8
    data_start = strs_start + count * 8
    ids_table, strs_table, ids_data, strs_data = [], [], b"", b""
    for msgid, _ in pairs:
        ids_table += [len(msgid), data_start + len(ids_data)]
        ids_data += msgid + b"\0"
    strs_offset = data_start + len(ids_data)
    for _, msgstr in pairs:
        strs_table += [len(msgstr), strs_offset + len(strs_data)]
        strs_data += msgstr + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, ids_start, strs_start, 0, 0)
    table = struct.pack(f"<{len(ids_table)}I", *ids_table) + struct.pack(f"<{len(strs_table)}I", *strs_table)
    path.write_bytes(header + table + ids_data + strs_data)


def expected_catalog(entries):
    """What gettext.GNUTranslations reads back from a correct .mo of these entries."""
    catalog = {}
    for (context, msgid, plural), strs in entries.items():
        key = msgid if context is None else f"{context}\x04{msgid}"
        if plural is None:
            catalog[key] = strs[0]
        else:
            catalog.update({(key, i): s for i, s in enumerate(strs)})
    return catalog


def mo_is_current(po, mo):
    if not mo.exists():
        return False
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    return compiled == expected_catalog(read_po(po))


def compile_catalog(po, mo, msgfmt):
    if msgfmt:
        # A fixed program with file paths from this repository: nothing untrusted reaches the command line.
        result = subprocess.run([msgfmt, "--check", "-o", str(mo), str(po)], capture_output=True, text=True)  # noqa: S603
        if result.returncode != 0:
            sys.stderr.write(result.stderr)
            return False
    else:
        write_mo(read_po(po), mo)
    if not mo_is_current(po, mo):
        sys.stderr.write(f"{mo}: does not match {po} after compiling\n")
        return False
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify that every .mo is up to date")
    args = parser.parse_args(argv)

    catalogs = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
    if not catalogs:
        print(f"No .po files under {LOCALE_DIR}")
        return 1
    msgfmt = None if args.check else shutil.which("msgfmt")
    if not args.check and not msgfmt:
        print("msgfmt (GNU gettext) not found: compiling in pure Python, without msgfmt's format checks.")
    failed = []
    for po in catalogs:
        mo = po.with_suffix(".mo")
        name = po.relative_to(LOCALE_DIR)
        ok = mo_is_current(po, mo) if args.check else compile_catalog(po, mo, msgfmt)
        count = len([key for key in read_po(po) if key[1]])
        print(f"{'ok' if ok else 'FAILED'}: {name} ({count} messages)")
        if not ok:
            failed.append(name)
    if failed and args.check:
        print("Out of date; run: python portal/locale/compile.py")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
