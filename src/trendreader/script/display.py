"""Show text in a display variant: which OpenCC config to run, and remembering the result.

Decision table (source script × variant → OpenCC config; "—" shows the text as written):

=====================  ========  ====================  ===========  ======  ========
source                 original  simplified            traditional  taiwan  hongkong
=====================  ========  ====================  ===========  ======  ========
simplified             —         —                     s2tw         s2twp   s2hk
traditional            —         tw2s / hk2s / t2s *   —            t2tw    t2hk
mixed, unknown         —         t2s                   s2tw         s2twp   s2hk
=====================  ========  ====================  ===========  ======  ========

Why:

- 繁體 is s2tw, not s2t: s2t writes OpenCC's standard forms 爲/着/裏, which no reader uses.
- Text already in the target script is shown as written. s2tw over traditional text is not a
  no-op: on the seeds it rewrites the author's 想象 as 想像, 周期 as 週期 and 平台 as 平臺.
- Traditional text to 臺灣/香港 gets only the glyph configs t2tw / t2hk (着→著, 說→説, 臺→台).
  They never change wording, and on every seed they touch only variant glyphs. They are
  incomplete for text already written in the *other* region's glyphs (t2tw keeps 説, t2hk
  keeps 裡); the only fix would be a lossy round trip through simplified, so we accept that.
- \\* Traditional to 简体 uses the source region (:func:`~trendreader.script.detect.source_region`,
  decided once per edition): tw2s for Taiwan text (it knows Taiwan writes 著 for 着:
  著裝→着装, which t2s leaves as 著装), hk2s for Hong Kong text (t2s leaves 衞; hk2s gives 卫),
  t2s when the region is not known. No phrase config (tw2sp): it rewrites the author's words
  and splits 晶片戰線上 into 芯片战在线.
- Mixed or unknown text to 简体 is t2s only: tw2s would turn simplified 么 into 幺. To the
  traditional variants it goes through the s2x configs, which leave traditional characters
  alone; a round trip through simplified was measured worse (夥→伙 on seed 002).
"""

from __future__ import annotations

from collections.abc import Sequence

from trendreader.script.cache import LRUCache
from trendreader.script.convert import convert, convert_many
from trendreader.script.detect import Region, detect_script
from trendreader.script.kinds import Script
from trendreader.script.variants import Variant

_FROM_SIMPLIFIED: dict[Variant, str | None] = {
    Variant.ORIGINAL: None,
    Variant.SIMPLIFIED: None,
    Variant.TRADITIONAL: "s2tw",
    Variant.TAIWAN: "s2twp",
    Variant.HONGKONG: "s2hk",
}
_FROM_TRADITIONAL: dict[Variant, str | None] = {
    Variant.ORIGINAL: None,
    Variant.SIMPLIFIED: "t2s",
    Variant.TRADITIONAL: None,
    Variant.TAIWAN: "t2tw",
    Variant.HONGKONG: "t2hk",
}
_FROM_MIXED: dict[Variant, str | None] = {**_FROM_SIMPLIFIED, Variant.SIMPLIFIED: "t2s"}
_TO_SIMPLIFIED_BY_REGION: dict[Region, str] = {"tw": "tw2s", "hk": "hk2s"}


def config_for(source: Script, variant: Variant, region: Region | None = None) -> str | None:
    """The OpenCC config that shows ``source`` text as ``variant``; ``None``: as written."""
    if source == Script.SIMPLIFIED:
        return _FROM_SIMPLIFIED[variant]
    if source == Script.TRADITIONAL:
        if variant == Variant.SIMPLIFIED and region is not None:
            return _TO_SIMPLIFIED_BY_REGION[region]
        return _FROM_TRADITIONAL[variant]
    return _FROM_MIXED[variant]


def to_variant(text: str, source: Script, variant: Variant, *, region: Region | None = None) -> str:
    """``text``, written in ``source``, as ``variant`` (uncached)."""
    config = config_for(source, variant, region)
    return text if config is None else convert(text, config)


def convert_passages(
    texts: Sequence[str], source: Script, variant: Variant, *, region: Region | None = None
) -> list[str]:
    """Every text as ``variant``, in one OpenCC call (see ``convert_many``); uncached."""
    config = config_for(source, variant, region)
    return list(texts) if config is None else convert_many(texts, config)


class DisplayCache:
    """Converted texts, bounded LRU, safe to share between threads.

    Keyed by ``(config, text)``: the result depends on nothing else, so variants that share a
    config share entries, and the key holds a reference to the caller's string, not a copy.
    Passage anchors are not used as keys: an anchor folds whitespace and script, so two
    different texts (a simplified and a traditional edition) share one.
    """

    def __init__(self, maxsize: int = 8192) -> None:
        self._lru: LRUCache[tuple[str, str], str] = LRUCache(maxsize)

    @property
    def maxsize(self) -> int:
        return self._lru.maxsize

    @property
    def hits(self) -> int:
        return self._lru.hits

    @property
    def misses(self) -> int:
        return self._lru.misses

    def __len__(self) -> int:
        return len(self._lru)

    def clear(self) -> None:
        self._lru.clear()

    def prime(self, config: str, pairs: dict[str, str]) -> None:
        """Take conversions made earlier (``original → converted`` in ``config``) as cached."""
        self._lru.put_many([((config, text), value) for text, value in pairs.items()])

    def known(self, config: str, texts: Sequence[str]) -> dict[str, str]:
        """The cached conversions of ``texts`` in ``config`` (texts not cached are left out)."""
        found = self._lru.get_many([(config, text) for text in texts])
        return {text: value for text, value in zip(texts, found, strict=True) if value is not None}

    def to_variant(
        self, text: str, source: Script, variant: Variant, *, region: Region | None = None
    ) -> str:
        config = config_for(source, variant, region)
        if config is None:
            return text
        cached = self._lru.get((config, text))
        if cached is None:
            cached = convert(text, config)
            self._lru.put((config, text), cached)
        return cached

    def convert_passages(
        self,
        texts: Sequence[str],
        source: Script,
        variant: Variant,
        *,
        region: Region | None = None,
    ) -> list[str]:
        """Like :func:`convert_passages`; only the texts not cached go to OpenCC."""
        config = config_for(source, variant, region)
        if config is None:
            return list(texts)
        keys = [(config, text) for text in texts]
        found = self._lru.get_many(keys)
        missing = [i for i, value in enumerate(found) if value is None]
        if not missing:
            return [value for value in found if value is not None]
        converted = dict(
            zip(missing, convert_many([texts[i] for i in missing], config), strict=True)
        )
        self._lru.put_many([(keys[i], value) for i, value in converted.items()])
        return [converted[i] if value is None else value for i, value in enumerate(found)]


_ui_cache = DisplayCache(maxsize=2048)


def display_text(
    text: str,
    source: Script | None,
    variant: Variant,
    *,
    region: Region | None = None,
) -> str:
    """A short UI string (title, excerpt, heading) in ``variant``, from a shared cache.

    ``source=None`` detects the script of ``text`` itself.
    """
    if variant == Variant.ORIGINAL:
        return text
    if source is None:
        source = detect_script(text)
    return _ui_cache.to_variant(text, source, variant, region=region)
