"""Child process for the fault tests: writes bookmarks through its own connection.

usage: _worker.py DB add N PREFIX   add N bookmarks, exit 0
       _worker.py DB loop PREFIX    add bookmarks forever, printing each committed id
"""

from __future__ import annotations

import sys

from trendreader.bookmarks.store import BookmarkStore
from trendreader.library.model import Passage, PassageKind


def main() -> None:
    db, mode = sys.argv[1], sys.argv[2]
    store = BookmarkStore(db)
    if mode == "add":
        n, prefix = int(sys.argv[3]), sys.argv[4]
        for i in range(n):
            p = Passage(prefix, i, PassageKind.PARAGRAPH, f"{prefix} 段落 {i} 芯片與人工智慧")
            store.add(prefix, prefix, p, note=f"note {i}", tags=["t"])
    else:
        prefix = sys.argv[3]
        i = 0
        while True:
            p = Passage(prefix, i, PassageKind.PARAGRAPH, f"{prefix} {i} " + "長文字" * 50)
            b = store.add(prefix, prefix, p, note="x" * 500, tags=["a", "b"])
            print(b.id, flush=True)
            i += 1


if __name__ == "__main__":
    main()
