"""Write a file so that a reader never sees half of it: a temporary file, then a rename."""

from __future__ import annotations

import os
import pickle
from pathlib import Path


def write_pickle(path: Path, value: object) -> None:
    """Pickle ``value`` to ``path`` atomically (creating the folder); OSError propagates."""
    import tempfile  # here: it pulls in shutil and random, which start-up does not need

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
