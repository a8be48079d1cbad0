"""Child process for the lock tests: holds the store's write lock until told to let go.

usage: _locker.py DB    take the write lock (BEGIN IMMEDIATE and a write), print "locked",
                        then wait for a line on stdin, commit, print "released" and exit
"""

from __future__ import annotations

import sqlite3
import sys


def main() -> None:
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('locker', 'held')")
    print("locked", flush=True)
    sys.stdin.readline()
    con.execute("COMMIT")
    con.close()
    print("released", flush=True)


if __name__ == "__main__":
    main()
