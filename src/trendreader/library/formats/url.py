"""Fetch a report from a URL with the standard library (urllib): no new dependency.

A timeout, at most ten redirects (http and https only), a size limit (also on what a gzip
body inflates to) and the content type choosing the importer (a PDF is also told by its
first bytes). The copy is written to a folder the caller gives, beside a sidecar that keeps
the URL as the report's ``source``; ``add`` then adds that file like any other.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import zlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

from trendreader.i18n import _
from trendreader.library.formats.common import FormatError, one_line

TIMEOUT = 20.0
USER_AGENT = "trendreader (a terminal reader; +one fetch per add)"
_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/epub+zip": ".epub",
    "text/plain": ".txt",
    "text/markdown": ".md",
}


def is_url(text: str) -> bool:
    return bool(re.match(r"^https?://", text, re.IGNORECASE))


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 10

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_url(newurl):
            raise FormatError(
                _("redirected to a URL that is not http(s): {url}").format(url=one_line(newurl))
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _suffix(content_type: str, body: bytes, url: str) -> str:
    kind = content_type.split(";", 1)[0].strip().lower()
    if body.startswith(b"%PDF-"):
        return ".pdf"
    if kind in _TYPES:
        return _TYPES[kind]
    if kind in ("application/octet-stream", "binary/octet-stream", ""):
        path = urlsplit(url).path.lower()
        for suffix in (".pdf", ".epub", ".html", ".htm"):
            if path.endswith(suffix):
                return ".html" if suffix == ".htm" else suffix
    if one_line(kind):
        raise FormatError(_("not a report: the server sent {kind}").format(kind=one_line(kind)))
    raise FormatError(_("not a report: the server sent no content type"))


def _name(url: str) -> str:
    parts = urlsplit(url)
    stem = Path(unquote(parts.path)).stem if parts.path not in ("", "/") else ""
    stem = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", one_line(stem or parts.hostname or "page"))
    return stem.strip("._")[:80] or "page"


def fetch(url: str, folder: Path, *, max_bytes: int, timeout: float = TIMEOUT) -> Path:
    """Download ``url`` into ``folder``; the path of the copy (its sidecar beside it)."""
    import tomli_w

    url = one_line(url).strip()
    if not is_url(url):
        raise FormatError(_("not an http(s) URL: {url}").format(url=url))
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            final = response.geturl()
            content_type = response.headers.get("Content-Type", "")
            encoding = response.headers.get("Content-Encoding", "").lower()
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FormatError(
                    _("over the size limit ({size:,} > {limit:,} bytes)").format(
                        size=int(declared), limit=max_bytes
                    )
                )
            body = response.read(max_bytes + 1)
    except FormatError:
        raise
    except urllib.error.HTTPError as error:
        raise FormatError(
            _("the server answered {code} {reason}").format(
                code=error.code, reason=one_line(error.reason)
            )
        ) from None
    except urllib.error.URLError as error:
        reason = error.reason
        if "timed out" in str(reason):
            raise FormatError(_("cannot fetch (timed out)")) from None
        raise FormatError(_("cannot fetch ({reason})").format(reason=one_line(reason))) from None
    except TimeoutError:
        raise FormatError(_("cannot fetch (timed out)")) from None
    except (OSError, ValueError) as error:
        raise FormatError(_("cannot fetch ({reason})").format(reason=one_line(error))) from None
    if len(body) > max_bytes:
        raise FormatError(
            _("over the size limit (more than {limit:,} bytes)").format(limit=max_bytes)
        )
    if encoding in ("gzip", "x-gzip", "deflate"):
        body = _inflate(body, encoding, max_bytes)
    suffix = _suffix(content_type, body, final)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{_name(final)}{suffix}"
    target.write_bytes(body)
    target.with_name(target.stem + ".meta.toml").write_text(
        tomli_w.dumps({"source": url}), encoding="utf-8"
    )
    return target


def _inflate(body: bytes, encoding: str, max_bytes: int) -> bytes:
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    inflater = zlib.decompressobj(wbits)
    try:
        out = inflater.decompress(body, max_bytes + 1)
    except zlib.error as error:
        raise FormatError(
            _("a damaged {encoding} body ({reason})").format(encoding=encoding, reason=error)
        ) from None
    if len(out) > max_bytes:
        raise FormatError(
            _("over the size limit when inflated (more than {limit:,} bytes)").format(
                limit=max_bytes
            )
        )
    return out


__all__ = ["fetch", "is_url"]
