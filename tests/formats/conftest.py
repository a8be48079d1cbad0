from __future__ import annotations

import pytest

pytest.importorskip("reportlab", reason="the test extra makes the PDFs: pip install -e '.[test]'")
