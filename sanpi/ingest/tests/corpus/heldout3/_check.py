#!/usr/bin/env python3
"""Sanity checks for the heldout3 bulletins and their hand labels.

Checks: every NN.txt has NN.json (valid JSON, expected keys/types); text is
300-900 characters; each project name and each non-null scope occurs verbatim
in the text; each amount (lists and projects) occurs in the text in 亿元/億元
or 万元/萬元 form (also 万亿 and Chinese 百亿/千亿 for approximate figures);
each non-null list count occurs in the text as a number.
"""
import json
import os
import re
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = {"签约", "开工", "投产", "竣工", "重点项目", "谋划", "增资", "合计", "其他"}

def fmt(d):
    s = format(d.normalize(), "f")
    return s

def amount_forms(wan):
    w = Decimal(str(wan))
    yi = w / Decimal(10000)
    forms = []
    for unit in ("亿", "億"):
        forms.append(fmt(yi) + unit)
    for unit in ("万元", "萬元"):
        forms.append(fmt(w) + unit)
    wy = yi / Decimal(10000)
    forms.append(fmt(wy) + "万亿")
    forms.append(fmt(wy) + "萬億")
    cn = {Decimal(100): ["百亿", "百億"], Decimal(1000): ["千亿", "千億"],
          Decimal(10000): ["万亿", "萬億"]}
    forms += cn.get(yi, [])
    return forms

def amount_in(text, wan):
    for f in amount_forms(wan):
        for m in re.finditer(re.escape(f), text):
            # the number must not be the tail of a longer number (e.g. 12.8 in 112.8)
            if f[0].isdigit() and m.start() > 0 and (text[m.start()-1].isdigit() or text[m.start()-1] == "."):
                continue
            return True
    return False

def count_in(text, n):
    for _m in re.finditer(r"(?<![\d.])" + str(n) + r"(?![\d.])", text):
        return True
    return False

def main():
    errors = []
    txts = sorted(f for f in os.listdir(HERE) if re.fullmatch(r"\d\d\.txt", f))
    nl = np_ = 0
    for f in txts:
        stem = f[:-4]
        text = open(os.path.join(HERE, f), encoding="utf-8").read()
        n = len(text.strip())
        if not 300 <= n <= 900:
            errors.append(f"{f}: length {n} outside 300-900")
        jp = os.path.join(HERE, stem + ".json")
        if not os.path.exists(jp):
            errors.append(f"{stem}.json missing")
            continue
        try:
            lab = json.load(open(jp, encoding="utf-8"))
        except Exception as e:
            errors.append(f"{stem}.json invalid JSON: {e}")
            continue
        if set(lab) != {"lists", "projects"}:
            errors.append(f"{stem}.json: keys {sorted(lab)}")
        for i, L in enumerate(lab.get("lists", [])):
            nl += 1
            if set(L) != {"kind", "count", "total_investment_wan", "scope"}:
                errors.append(f"{stem} list {i}: keys {sorted(L)}")
            if L.get("kind") not in KINDS:
                errors.append(f"{stem} list {i}: bad kind {L.get('kind')}")
            c = L.get("count")
            if c is not None:
                if not isinstance(c, int):
                    errors.append(f"{stem} list {i}: count not int")
                elif not count_in(text, c):
                    errors.append(f"{stem} list {i}: count {c} not in text")
            t = L.get("total_investment_wan")
            if t is not None and not amount_in(text, t):
                errors.append(f"{stem} list {i}: amount {t} wan not in text")
            s = L.get("scope")
            if s is not None and s not in text:
                errors.append(f"{stem} list {i}: scope {s!r} not in text")
            if c is None and t is None:
                errors.append(f"{stem} list {i}: neither count nor total")
        names = set()
        for i, P in enumerate(lab.get("projects", [])):
            np_ += 1
            if set(P) != {"name", "total_investment_wan"}:
                errors.append(f"{stem} project {i}: keys {sorted(P)}")
            nm = P.get("name", "")
            if nm in names:
                errors.append(f"{stem}: duplicate project {nm}")
            names.add(nm)
            if not nm or nm not in text:
                errors.append(f"{stem} project {i}: name {nm!r} not in text")
            t = P.get("total_investment_wan")
            if not isinstance(t, (int, float)):
                errors.append(f"{stem} project {i}: amount missing")
            elif not amount_in(text, t):
                errors.append(f"{stem} project {i}: amount {t} wan not in text ({nm})")
    for j in sorted(f for f in os.listdir(HERE) if re.fullmatch(r"\d\d\.json", f)):
        if not os.path.exists(os.path.join(HERE, j[:-5] + ".txt")):
            errors.append(f"{j}: no matching .txt")
    print(f"{len(txts)} texts, {nl} lists, {np_} projects")
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
