"""Our query syntax, compiled to a Whoosh query over the normalized passage text.

Syntax: words (all must match), ``OR``, ``-word`` or ``NOT word``, ``"quoted phrases"``
(also “…” and 「…」), ``(grouping)``, ``report:KEY`` and ``year:2024`` (or ``year:2020-2024``).
A word of several tokens is a phrase (自动驾驶 matches the four characters in a row only).
Whatever does not parse is searched as plain words, with a one-line message; nothing here
raises.

Each word is searched in every regional wording (see :func:`expand`): the OR of its t2s form,
its tw2sp form (Taiwan phrases to mainland: 晶片→芯片, 網際網路→互联网) unless the word is
written in simplified characters, and t2s of its s2twp form (mainland phrases to Taiwan:
芯片→晶片), each normalized like the index. So the index holds one form of each passage and
its offsets stay those of the original text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from whoosh import query as wq

from trendreader.i18n import _
from trendreader.script.convert import convert
from trendreader.script.corrections import correct
from trendreader.script.kinds import Script
from trendreader.search import expansions
from trendreader.search.analyzer import is_han, normalize, tokens
from trendreader.search.matching import HanPrefix, VerifiedPhrase

MAX_QUERY_CHARS = 500
MAX_WORDS = 32
MAX_DEPTH = 16
TEXT_FIELD = "text"
FIELDS = ("report", "year")

_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』"}
_LEXER = re.compile(
    r"""(?P<space>\s+)
      | (?P<paren>[()])
      | (?P<quote>["“「『])
      | (?P<word>[^\s()"“”「」『』]+)
      | (?P<stray>[”」』])""",
    re.VERBOSE,
)


class QuerySyntaxError(ValueError):
    """The query does not follow the syntax; the caller falls back to plain words."""


# --- the syntax tree -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Not:
    node: Node


@dataclass(frozen=True, slots=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    nodes: tuple[Node, ...]


Node = Word | Field | Not | And | Or


# --- lexing and parsing --------------------------------------------------------------------

_Token = tuple[str, str]  # (kind, text): word, phrase, (, ), OR, AND, NOT, -


def clean_query(text: str) -> tuple[str, str | None]:
    """Control and format characters as spaces; very long queries cut short (with a note)."""
    note = None
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        note = _("query cut to its first {limit} characters").format(limit=MAX_QUERY_CHARS)
    cleaned = "".join(
        " " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") else c for c in text
    )
    return cleaned, note


def lex(text: str) -> list[_Token]:
    out: list[_Token] = []
    i = 0
    while i < len(text):
        match = _LEXER.match(text, i)
        if match is None:  # pragma: no cover - the pattern accepts every character
            raise QuerySyntaxError(_("unexpected {token!r}").format(token=text[i]))
        kind = match.lastgroup
        if kind == "quote":
            close = text.find(_QUOTES[match.group()], match.end())
            if close < 0:
                raise QuerySyntaxError(_("unbalanced quote"))
            out.append(("phrase", text[match.end() : close]))
            i = close + 1
            continue
        value = match.group()
        if kind == "paren":
            out.append((value, value))
        elif kind == "word":
            if value in ("OR", "AND", "NOT"):
                out.append((value, value))
            elif value.startswith("-") and len(value) > 1:
                out.append(("-", "-"))
                out.append(("word", value[1:]))
            elif value == "-":
                raise QuerySyntaxError(_("a lone '-'"))
            else:
                out.append(("word", value))
        elif kind == "stray":
            raise QuerySyntaxError(_("unbalanced quote"))
        i = match.end()
    return out


class _Parser:
    """``expr := and (OR and)*;  and := unary+;  unary := (NOT|-) unary | atom;
    atom := ( expr ) | phrase | field:value | word``"""

    def __init__(self, toks: list[_Token]) -> None:
        self.toks = toks
        self.i = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.toks[self.i][0] if self.i < len(self.toks) else None

    def parse(self) -> Node:
        node = self.expr()
        if self.peek() is not None:
            raise QuerySyntaxError(_("unexpected {token!r}").format(token=self.toks[self.i][1]))
        return node

    def expr(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QuerySyntaxError(_("too deeply nested"))
        nodes = [self.conj()]
        while self.peek() == "OR":
            self.i += 1
            nodes.append(self.conj())
        self.depth -= 1
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def conj(self) -> Node:
        nodes: list[Node] = []
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.i += 1
                if not nodes or self.peek() in (None, ")", "OR", "AND"):
                    raise QuerySyntaxError(_("AND needs a word on each side"))
                continue
            nodes.append(self.unary())
        if not nodes:
            raise QuerySyntaxError(_("an operator without a word"))
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self) -> Node:
        if self.peek() in ("NOT", "-"):
            self.i += 1
            if self.peek() in (None, ")", "OR", "AND"):
                raise QuerySyntaxError(_("NOT needs a word"))
            return Not(self.unary())
        return self.atom()

    def atom(self) -> Node:
        kind, text = self.toks[self.i]
        self.i += 1
        if kind == "(":
            node = self.expr()
            if self.peek() != ")":
                raise QuerySyntaxError(_("unbalanced parenthesis"))
            self.i += 1
            return node
        if kind == ")":
            raise QuerySyntaxError(_("unbalanced parenthesis"))
        if kind == "phrase":
            return Word(text, quoted=True)
        name, sep, value = text.partition(":")
        if sep and name.lower() in FIELDS:
            if not value:
                raise QuerySyntaxError(_("{name}: needs a value").format(name=name))
            return Field(name.lower(), value)
        return Word(text)


def parse(text: str) -> Node:
    """The syntax tree of ``text``; raises :class:`QuerySyntaxError`."""
    toks = lex(text)
    if not toks:
        raise QuerySyntaxError(_("empty query"))
    return _Parser(toks).parse()


def plain_words(text: str) -> Node | None:
    """The fallback reading: every piece of text is a word, operators and syntax dropped."""
    pieces = re.split(r"[\s()\"“”「」『』]+", text)
    words: list[Node] = []
    for piece in pieces:
        piece = piece.lstrip("-")
        name, sep, value = piece.partition(":")
        if sep and name.lower() in FIELDS:
            piece = value
        if piece and piece not in ("OR", "AND", "NOT"):
            words.append(Word(piece))
    if not words:
        return None
    return words[0] if len(words) == 1 else And(tuple(words))


# --- regional expansion --------------------------------------------------------------------


def _is_simplified(word: str) -> bool:
    """Written in simplified characters (s2tw would change it): tw2sp must not touch it."""
    return convert(word, "s2tw") != word


def expand(word: str) -> list[str]:
    """The normalized forms a word is searched in, its own first, without repeats.

    Remembered between processes (:mod:`trendreader.search.expansions`): a word searched
    before needs no OpenCC converter."""
    return expansions.store().forms(word, compute_forms)


def compute_forms(word: str) -> list[str]:
    """:func:`expand` without the store: the forms, computed with OpenCC."""
    forms = [convert(word, "t2s")]
    if not _is_simplified(word):
        forms.append(convert(word, "tw2sp"))
    forms.append(convert(convert(word, "s2twp"), "t2s"))
    # OpenCC's known wrong phrases (晶片戰線上 → 芯片战在线) are searched put right as well; the
    # wrong forms stay, since a file made by OpenCC may hold them (000 writes 永珍更新)
    forms += [correct(f, Script.SIMPLIFIED) for f in forms]
    out: list[str] = []
    for form in (normalize(word), *(normalize(f) for f in forms)):
        if form not in out:
            out.append(form)
    return out


def form_query(form: str) -> wq.Query | None:
    """One normalized form as a Whoosh query: a term, a prefix (one Han character) or a phrase
    (checked on the passage text, see :mod:`trendreader.search.matching`)."""
    toks = [t[0] for t in tokens(form, query=True)]
    if not toks:
        return None
    if len(toks) == 1:
        if len(toks[0]) == 1 and is_han(toks[0]):
            return HanPrefix(TEXT_FIELD, toks[0])
        return wq.Term(TEXT_FIELD, toks[0])
    return VerifiedPhrase(TEXT_FIELD, toks, form)


# --- compiling -----------------------------------------------------------------------------

ReportResolver = Callable[[str], Sequence[str]]


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A compiled query; ``query`` is ``None`` when there is nothing to search for."""

    text: str
    query: wq.Query | None
    #: normalized forms of the words that must or may appear (for highlighting)
    forms: tuple[str, ...] = ()
    #: a one-line note for the user (fallback, cut-off, unknown report), or None
    message: str | None = None
    plain: bool = False


@dataclass(slots=True)
class _Compiler:
    resolve_report: ReportResolver
    forms: list[str] = field(default_factory=list)
    words: int = 0
    notes: list[str] = field(default_factory=list)

    def compile(self, node: Node, negated: bool = False) -> wq.Query | None:
        if isinstance(node, Word):
            return self.word(node, negated)
        if isinstance(node, Field):
            return self.field(node)
        if isinstance(node, Not):
            inner = self.compile(node.node, not negated)
            return None if inner is None else wq.Not(inner)
        parts = [q for q in (self.compile(n, negated) for n in node.nodes) if q is not None]
        if not parts:
            return None
        if isinstance(node, Or):
            return parts[0] if len(parts) == 1 else wq.Or(parts)
        return _conjunction(parts)

    def word(self, node: Word, negated: bool) -> wq.Query | None:
        self.words += 1
        if self.words > MAX_WORDS:
            if self.words == MAX_WORDS + 1:
                self.notes.append(
                    _("only the first {limit} words were searched").format(limit=MAX_WORDS)
                )
            return None
        queries = []
        for form in expand(node.text):
            q = form_query(form)
            if q is not None and q not in queries:
                queries.append(q)
                if not negated:
                    self.forms.append(form)
        if not queries:
            return None
        return queries[0] if len(queries) == 1 else wq.Or(queries)

    def field(self, node: Field) -> wq.Query:
        if node.name == "year":
            years = year_range(node.value)
            if years is None:
                raise QuerySyntaxError(_("year:{value} is not a year").format(value=node.value))
            return wq.NumericRange("year", *years)
        keys = list(self.resolve_report(node.value))
        if not keys:
            self.notes.append(_("no report matches report:{value}").format(value=node.value))
            return wq.NullQuery
        terms = [wq.Term("report", k) for k in keys]
        return terms[0] if len(terms) == 1 else wq.Or(terms)


def _conjunction(parts: list[wq.Query]) -> wq.Query:
    positive = [q for q in parts if not isinstance(q, wq.Not)]
    if not positive:
        parts = [wq.Every(), *parts]
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _finish(text: str, root: Node | None, resolver: ReportResolver) -> ParsedQuery:
    compiler = _Compiler(resolver)
    compiled = None if root is None else compiler.compile(root)
    if isinstance(compiled, wq.Not):
        compiled = wq.And([wq.Every(), compiled])
    message = "; ".join(compiler.notes) or None
    return ParsedQuery(text, compiled, tuple(dict.fromkeys(compiler.forms)), message)


def year_range(value: str) -> tuple[int, int] | None:
    """A ``year:`` value (``2024``, ``2020-2024``, ``2020..2024``) as its lowest and highest
    year; None if it is not one."""
    match = re.fullmatch(r"(\d{1,4})(?:(?:-|\.\.)(\d{1,4}))?", value)
    if match is None:
        return None
    start, end = int(match.group(1)), int(match.group(2) or match.group(1))
    return (min(start, end), max(start, end))


def parse_query(text: str, *, resolve_report: ReportResolver | None = None) -> ParsedQuery:
    """Compile ``text``; never raises. ``resolve_report`` maps a ``report:`` value to the
    report keys it means (default: the value itself)."""
    resolver: ReportResolver = resolve_report or (lambda value: [value])
    cleaned, note = clean_query(text)
    try:
        parsed = _finish(text, parse(cleaned), resolver)
        plain, reason = False, None
    except (QuerySyntaxError, RecursionError) as error:
        plain, reason = True, str(error)
        try:
            parsed = _finish(text, plain_words(cleaned), resolver)
        except Exception:
            parsed = ParsedQuery(text, None)
    notes = [n for n in (note, parsed.message) if n]
    if plain and parsed.query is not None:
        notes.insert(0, _("searched the plain words ({reason})").format(reason=reason))
    elif parsed.query is None and cleaned.strip():
        notes.insert(0, _("nothing to search for in that query"))
    return ParsedQuery(text, parsed.query, parsed.forms, "; ".join(notes) or None, plain=plain)
