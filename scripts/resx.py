#!/usr/bin/env python3
"""Adds or updates UI strings in the four resource files at once, so no language is ever left without a key.

  scripts/resx.py set KEY "English" "Français" "Español" "中文"
  scripts/resx.py get KEY
  scripts/resx.py check            # every key in every language, no empty value
Keys are sorted, so concurrent additions merge cleanly in git."""
import sys, os
import xml.etree.ElementTree as ET

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "DecentWork", "Resources")
LANGS = ["", "fr", "es", "zh"]
HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""

def path(lang):
    return os.path.join(ROOT, "SharedResource" + ("." + lang if lang else "") + ".resx")

def load(lang):
    p = path(lang)
    if not os.path.exists(p):
        return {}
    return {d.get("name"): (d.findtext("value") or "") for d in ET.parse(p).getroot().findall("data")}

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

def save(lang, data):
    with open(path(lang), "w", encoding="utf-8") as f:
        f.write(HEADER)
        for k in sorted(data):
            f.write(f'  <data name="{esc(k)}" xml:space="preserve"><value>{esc(data[k])}</value></data>\n')
        f.write("</root>\n")

def main(argv):
    if len(argv) >= 2 and argv[1] == "set" and len(argv) == 7:
        for lang, value in zip(LANGS, argv[3:7]):
            d = load(lang); d[argv[2]] = value; save(lang, d)
    elif len(argv) == 3 and argv[1] == "get":
        for lang in LANGS:
            print(lang or "en", load(lang).get(argv[2]))
    elif len(argv) == 2 and argv[1] == "check":
        sets = {l: load(l) for l in LANGS}
        keys = set().union(*[set(d) for d in sets.values()])
        bad = [(l or "en", k) for k in sorted(keys) for l in LANGS if not sets[l].get(k)]
        for l, k in bad:
            print(f"missing or empty: {k} [{l}]")
        print(f"{len(keys)} keys, {len(bad)} problems")
        return 1 if bad else 0
    elif len(argv) == 3 and argv[1] == "setmany":
        # setmany FILE.tsv: KEY<TAB>en<TAB>fr<TAB>es<TAB>zh per line
        sets = {l: load(l) for l in LANGS}
        for line in open(argv[2], encoding="utf-8"):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 5:
                print("bad line:", line); return 1
            for lang, value in zip(LANGS, parts[1:]):
                sets[lang][parts[0]] = value
        for l in LANGS:
            save(l, sets[l])
    else:
        print(__doc__); return 2
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv))
