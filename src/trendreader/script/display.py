"""Show text in a display variant: which OpenCC configs to run, and remembering the result.

A conversion is a *chain* of OpenCC configs, then the project's corrections
(:mod:`~trendreader.script.corrections`) for the script it writes. It depends on the source's
script and, for traditional text, its regional wording (:mod:`~trendreader.script.region`):

===========================  ========  ==========  ===========  ============  ============
source                       original  simplified  traditional  taiwan        hongkong
===========================  ========  ==========  ===========  ============  ============
simplified                   —         —           s2tw         s2twp †       s2hk
traditional, Taiwan (tw)     —         tw2sp †     —            t2tw          t2hk
traditional, mainland (cn)   —         t2s         —            t2s→s2twp †   t2s→s2hk
traditional, Hong Kong (hk)  —         hk2s        —            hk2s→s2twp †  t2hk
traditional, region unknown  —         t2s         —            t2tw          t2hk
mixed, unknown               —         t2s         s2tw         s2twp †       s2hk
===========================  ========  ==========  ===========  ============  ============

"—" shows the text as written; † converts the wording, and the header says so
(:func:`display_label`: ``臺灣正體（由大陸用語轉換）``, ``简体（由台湾用语转换）``).

Why:

- 繁體 is s2tw, not s2t: s2t writes OpenCC's standard forms 爲/着/裏, which no reader uses.
- Text already in the target script is shown as written. s2tw over traditional text is not a
  no-op: on the seeds it rewrites the author's 想象 as 想像, 周期 as 週期 and 平台 as 平臺.
- Taiwan-worded text (003) to 简体 is tw2sp: 晶片→芯片, 網際網路→互联网, 資訊→信息 (tw2s kept
  them). tw2sp runs on traditional Taiwan text only, never over simplified text (程序→进程).
- Mainland-worded traditional text (002) to 臺灣 goes through simplified: t2s, then s2twp
  (芯片→晶片, 操作系統→作業系統, 屏幕→螢幕, 納米→奈米); t2tw alone changes glyphs only. The
  round trip also writes Taiwan's standard glyphs (平台→平臺, 周期→週期) and would lose 夥伴
  (→伙伴), which the corrections put back.
- Hong Kong text (HK glyphs 説/衞) to 简体 is hk2s (t2s leaves 衞); HK wording is close to the
  mainland's, so to 臺灣 it goes hk2s→s2twp like mainland text.
- Traditional text to 臺灣/香港 of its own region gets only the glyph configs t2tw / t2hk.
- Mixed or unknown text to 简体 is t2s only: tw2s would turn simplified 么 into 幺. To the
  traditional variants it goes through the s2x configs, which leave traditional characters
  alone; a round trip through simplified was measured worse (夥→伙 on seed 002).

The cache key of a conversion is its chain joined by ``>`` (``"t2s>s2twp"``): what
:func:`config_for` returns and :class:`DisplayCache` and the saved conversions are keyed by.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from trendreader.script.cache import LRUCache
from trendreader.script.convert import convert, convert_many
from trendreader.script.corrections import correct, output_script
from trendreader.script.detect import detect_script
from trendreader.script.kinds import Region, Script
from trendreader.script.variants import Variant

_Chain = tuple[str, ...]

_FROM_SIMPLIFIED: dict[Variant, _Chain] = {
    Variant.ORIGINAL: (),
    Variant.SIMPLIFIED: (),
    Variant.TRADITIONAL: ("s2tw",),
    Variant.TAIWAN: ("s2twp",),
    Variant.HONGKONG: ("s2hk",),
}
_FROM_TRADITIONAL: dict[Region | None, dict[Variant, _Chain]] = {
    None: {Variant.SIMPLIFIED: ("t2s",), Variant.TAIWAN: ("t2tw",), Variant.HONGKONG: ("t2hk",)},
    "tw": {Variant.SIMPLIFIED: ("tw2sp",), Variant.TAIWAN: ("t2tw",), Variant.HONGKONG: ("t2hk",)},
    "cn": {
        Variant.SIMPLIFIED: ("t2s",),
        Variant.TAIWAN: ("t2s", "s2twp"),
        Variant.HONGKONG: ("t2s", "s2hk"),
    },
    "hk": {
        Variant.SIMPLIFIED: ("hk2s",),
        Variant.TAIWAN: ("hk2s", "s2twp"),
        Variant.HONGKONG: ("t2hk",),
    },
}
_FROM_MIXED: dict[Variant, _Chain] = {**_FROM_SIMPLIFIED, Variant.SIMPLIFIED: ("t2s",)}

#: The wording each variant's reader expects (None: any).
_EXPECTED: dict[Variant, Region | None] = {
    Variant.ORIGINAL: None,
    Variant.SIMPLIFIED: "cn",
    Variant.TRADITIONAL: None,
    Variant.TAIWAN: "tw",
    Variant.HONGKONG: "hk",
}
#: Configs that change wording, and the wording they write.
_PHRASE_CONFIGS: dict[str, Region] = {"s2twp": "tw", "tw2sp": "cn"}
_REGION_NAMES: dict[Script, dict[Region, str]] = {
    Script.SIMPLIFIED: {"cn": "大陆用语", "tw": "台湾用语", "hk": "香港用语"},
    Script.TRADITIONAL: {"cn": "大陸用語", "tw": "臺灣用語", "hk": "香港用語"},
}


@dataclass(frozen=True, slots=True)
class DisplayPlan:
    """How an edition is shown in a variant: the OpenCC chain, and what the header says."""

    #: OpenCC configs, applied in order (then the corrections); ``()``: shown as written
    chain: tuple[str, ...]
    #: the header label, in the variant's script: ``臺灣正體（由大陸用語轉換）``
    label: str
    #: whose wording the shown text uses (None: not known)
    wording: Region | None
    #: the chain converts the wording, not only the glyphs
    converts_wording: bool

    @property
    def key(self) -> str | None:
        """The chain as one cache key (``"t2s>s2twp"``); None when shown as written."""
        return ">".join(self.chain) or None


def _chain(source: Script, variant: Variant, region: Region | None) -> _Chain:
    if variant == Variant.ORIGINAL:
        return ()
    if source == Script.SIMPLIFIED:
        return _FROM_SIMPLIFIED[variant]
    if source == Script.TRADITIONAL:
        if variant == Variant.TRADITIONAL:
            return ()
        return _FROM_TRADITIONAL.get(region, _FROM_TRADITIONAL[None])[variant]
    return _FROM_MIXED[variant]


def display_plan(source: Script, variant: Variant, region: Region | None = None) -> DisplayPlan:
    """The OpenCC chain and the header label for an edition written in ``source`` (and, for
    traditional text, ``region``: :func:`~trendreader.script.region.detect_region`) shown as
    ``variant``. 原文 is always the file's own words.
    """
    chain = _chain(source, variant, region)
    original = region if source == Script.TRADITIONAL else None
    if source == Script.SIMPLIFIED:
        original = "cn"
    written = [_PHRASE_CONFIGS[c] for c in chain if c in _PHRASE_CONFIGS]
    converts = bool(written) and written[-1] != original
    wording = written[-1] if written else original
    label = variant.label
    if variant != Variant.ORIGINAL:
        names = _REGION_NAMES[variant.target_script or Script.TRADITIONAL]
        if converts and original is not None:
            verb = "转换" if variant.target_script == Script.SIMPLIFIED else "轉換"
            label = f"{label}（由{names[original]}{verb}）"
        elif converts:
            pass  # unknown or mixed source: the wording is converted, from nothing known
        else:
            expected = _EXPECTED[variant]
            # Hong Kong and the mainland share most vocabulary (軟件, 網絡): not flagged
            differs = wording is not None and expected is not None and wording != expected
            if differs and {wording, expected} != {"hk", "cn"}:
                label = f"{label}（{names[wording]}）"  # type: ignore[index]
    return DisplayPlan(chain, label, wording, converts)


def display_label(source: Script, variant: Variant, region: Region | None = None) -> str:
    """The header label for ``source`` text (of ``region``) shown as ``variant``."""
    return display_plan(source, variant, region).label


def config_for(source: Script, variant: Variant, region: Region | None = None) -> str | None:
    """The conversion key (OpenCC configs joined by ``>``) that shows ``source`` text as
    ``variant``; ``None``: as written. Pass it to :func:`run` / :func:`run_many`."""
    return ">".join(_chain(source, variant, region)) or None


def run(text: str, key: str) -> str:
    """``text`` through the chain ``key`` (``"t2s>s2twp"``), then the corrections."""
    configs = key.split(">")
    for config in configs:
        text = convert(text, config)
    return correct(text, output_script(configs[-1]))


def run_many(texts: Sequence[str], key: str) -> list[str]:
    """Like :func:`run` for each of ``texts``, in as few OpenCC calls as possible."""
    configs = key.split(">")
    out = list(texts)
    for config in configs:
        out = convert_many(out, config)
    target = output_script(configs[-1])
    return [correct(text, target) for text in out]


def to_variant(text: str, source: Script, variant: Variant, *, region: Region | None = None) -> str:
    """``text``, written in ``source``, as ``variant`` (uncached)."""
    key = config_for(source, variant, region)
    return text if key is None else run(text, key)


def convert_passages(
    texts: Sequence[str], source: Script, variant: Variant, *, region: Region | None = None
) -> list[str]:
    """Every text as ``variant``, in one OpenCC call per config (see ``convert_many``)."""
    key = config_for(source, variant, region)
    return list(texts) if key is None else run_many(texts, key)


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
            cached = run(text, config)
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
        converted = dict(zip(missing, run_many([texts[i] for i in missing], config), strict=True))
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

    ``source=None`` detects the script of ``text`` itself, and for traditional text its
    wording from the text alone (:func:`~trendreader.script.region.short_region`).
    """
    if variant == Variant.ORIGINAL:
        return text
    if source is None:
        source = detect_script(text)
        if source in (Script.TRADITIONAL, Script.UNKNOWN) and region is None:
            from trendreader.script.region import short_region

            region = short_region(text)
            if source == Script.UNKNOWN and region == "tw":  # 推理晶片: the same in both scripts
                source = Script.TRADITIONAL
            elif source == Script.UNKNOWN:
                region = None
    return _ui_cache.to_variant(text, source, variant, region=region)


def show_user_text(text: str, variant: Variant) -> str:
    """A string the user typed (bookmark note, tag, trend name or alias) as ``variant``.

    Stored as typed, shown converted: its script (and, if traditional, wording) is told from the
    string itself, so ``值得关注`` is ``值得關注`` in 臺灣正體 and ``推理芯片`` is ``推理晶片``;
    ``original`` gives it back as typed. Cached; safe for many calls with the same strings.
    """
    return display_text(text, None, variant)


def show_user_texts(texts: Sequence[str], variant: Variant) -> list[str]:
    """:func:`show_user_text` for each of ``texts`` (tags, aliases)."""
    return [show_user_text(text, variant) for text in texts]


#: What :func:`warm_conversions` converts: text of every script (traditional text of every
#: wording), so that every converter and table a script switch uses is built.
_WARM_TEXTS: tuple[tuple[str, Script, Region | None], ...] = (
    ("芯片与机器人的时代", Script.SIMPLIFIED, None),
    ("晶片與機器人的時代", Script.TRADITIONAL, None),
    ("晶片與機器人的時代", Script.TRADITIONAL, "cn"),
    ("晶片與機器人的時代", Script.TRADITIONAL, "tw"),
    ("芯片與機械人的時代", Script.TRADITIONAL, "hk"),
    ("芯片與机器人的時代", Script.MIXED, None),
    ("AI", Script.UNKNOWN, None),
)


def warm_conversions(go_on: Callable[[], bool] = lambda: True) -> int:
    """Build, ahead of the first script switch, every converter and table it would build
    then (the script classes and the regional phrase table ~10 ms, the first OpenCC
    converter of a process ~60 ms, the others 1–4 ms each: all of it inside the first ``t``
    otherwise). ``go_on`` is asked before each step (it may wait, or
    say stop); the steps done."""
    done = 0
    if not go_on():
        return done
    from trendreader.script.region import short_region

    detect_script(_WARM_TEXTS[1][0])
    short_region(_WARM_TEXTS[1][0])  # the script classes, the phrase table
    done += 1
    for text, source, region in _WARM_TEXTS:
        for variant in Variant:
            if variant == Variant.ORIGINAL:
                continue
            if not go_on():
                return done
            to_variant(text, source, variant, region=region)
            done += 1
    return done
