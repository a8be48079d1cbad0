"""Generate src/trendreader/script/t2s_chars.json: a 1:1 character table traditional→simplified.

Built from OpenCC's own t2s conversion of every single Han code point, keeping only
one-character results, so that ``str.translate`` with it keeps offsets 1:1 with the input.
Run by hand after upgrading OpenCC:  python tools/gen_char_table.py
"""

from __future__ import annotations

import json
from pathlib import Path

import opencc

HAN_RANGES = [(0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2FA20)]
OUT = Path(__file__).resolve().parent.parent / "src" / "trendreader" / "script" / "t2s_chars.json"


def build_table() -> dict[str, str]:
    converters = [opencc.OpenCC(name) for name in ("t2s", "tw2s", "hk2s")]
    to_traditional = opencc.OpenCC("s2t")
    table: dict[str, str] = {}
    for lo, hi in HAN_RANGES:
        for cp in range(lo, hi):
            ch = chr(cp)
            for index, converter in enumerate(converters):
                if index == 1 and to_traditional.convert(ch) != ch:
                    break  # t2s kept a simplified form: tw2s must not turn 么 into 幺
                out = converter.convert(ch)
                if out != ch and len(out) == 1:
                    table[ch] = out
                    break
    return table


if __name__ == "__main__":
    table = build_table()
    OUT.write_text(json.dumps(table, ensure_ascii=False, sort_keys=True, indent=0) + "\n", "utf-8")
    print(f"{len(table)} characters → {OUT}")
