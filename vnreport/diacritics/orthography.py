"""Vietnamese orthography: tones, marks, syllable structure and tone placement.

Everything the restorer knows about how a Vietnamese syllable may be *spelled* lives here, as
constant tables plus pure functions; the language model and the decoder sit on top of this API.

A written syllable is ``onset + rhyme`` plus one of six tones:

* ``onset`` is one of :data:`ONSETS` (``""`` when the syllable starts with a vowel).
* ``rhyme`` is toneless and lowercase and keeps the vowel-quality marks (â ă ê ô ơ ư). It holds
  the medial glide when there is one (``"oa"``, ``"uyên"``) and the coda (``"ương"``).
* ``onset + rhyme`` is always exactly the toneless spelling of the word, so that
  ``apply_tone(s.onset + s.rhyme, s.tone)`` rebuilds it.

Two spellings share a letter between onset and rhyme, and the split we chose for each is:

* ``qu``: onset ``"q"``, and the ``u`` opens the rhyme as a medial (``quý`` = q + ``uy``,
  ``quốc`` = q + ``uôc``). This ``u`` is written as part of the onset, so it never takes the tone,
  in either style (``quả``, ``quý``, never ``qủa``/``qúy``).
* ``gi``: onset ``"gi"`` when a vowel follows (``già`` = gi + ``a``, ``giữa`` = gi + ``ưa``,
  ``giếng`` = gi + ``êng``, the ``i`` of ``iê`` merging into the onset). In ``gì``/``gìn`` only
  one ``i`` is written for both, so the split is g + ``i``/``in``; the rhyme then carries
  the vowel and the tone.

Tone placement (:func:`apply_tone`) follows the rules taught in Vietnamese schools:

1. a vowel with a quality mark takes the tone (in ``ươ`` the ``ơ``, in ``uô`` the ``ô``, in
   ``iê``/``yê`` the ``ê``);
2. in the open diphthongs ``ia``/``ya``/``ua``/``ưa``, the first vowel takes it (``mía``, ``múa``);
3. ``oa``/``oe``/``uy`` with no coda: in the ``"old"`` style the glide takes it (``hòa``, ``khỏe``,
   ``thủy``), in the ``"new"`` style the main vowel does (``hoà``, ``khoẻ``, ``thuỷ``);
4. otherwise the last vowel of the nucleus takes it (``hoàn``, ``toán``, ``oái``, ``khuỷu``).

Rhymes ending in p, t, c or ch take only the acute or the dot tone.

:func:`parse_syllable` is lenient about tone placement: NFD input and a tone on the wrong vowel
(``"qúy"``, ``"hòan"``) still parse, and :func:`normalize_syllable` repairs them.
:func:`is_syllable` is strict: it accepts only the old or the new placement, in any case.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from types import MappingProxyType
from typing import Literal, Mapping, NamedTuple

import regex

__all__ = [
    "ONSETS",
    "RHYMES",
    "Syllable",
    "Tone",
    "ToneStyle",
    "all_syllables",
    "allowed_tones",
    "apply_tone",
    "is_syllable",
    "match_case",
    "normalize_syllable",
    "parse_syllable",
    "split_syllable",
    "strip_marks",
    "strip_tone",
    "tone_of",
    "toneless_syllables",
]


class Tone(IntEnum):
    """The six Vietnamese tones; the value is the conventional tone number."""

    LEVEL = 0  # ngang: no mark
    GRAVE = 1  # huyền, U+0300
    ACUTE = 2  # sắc, U+0301
    HOOK = 3  # hỏi, U+0309
    TILDE = 4  # ngã, U+0303
    DOT = 5  # nặng, U+0323


ToneStyle = Literal["old", "new"]

# Combining tone mark for each tone (LEVEL has none).
_TONE_MARK: Mapping[Tone, str] = MappingProxyType(
    {
        Tone.GRAVE: "\u0300",
        Tone.ACUTE: "\u0301",
        Tone.HOOK: "\u0309",
        Tone.TILDE: "\u0303",
        Tone.DOT: "\u0323",
    }
)
_MARK_TONE: Mapping[str, Tone] = MappingProxyType({mark: tone for tone, mark in _TONE_MARK.items()})

_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_QUALITY_MARKS = frozenset((_CIRCUMFLEX, _BREVE, _HORN))

# Which quality marks each plain vowel can carry in Vietnamese (ă â ê ô ơ ư, nothing else).
_VALID_QUALITY: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "a": frozenset((_BREVE, _CIRCUMFLEX)),
        "e": frozenset((_CIRCUMFLEX,)),
        "o": frozenset((_CIRCUMFLEX, _HORN)),
        "u": frozenset((_HORN,)),
        "i": frozenset(),
        "y": frozenset(),
    }
)

# Toneless Vietnamese vowel letters; the ones in _MARKED_VOWELS carry a quality mark.
_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED_VOWELS = frozenset("ăâêôơư")
# The 29 letters of the Vietnamese alphabet (no f, j, w, z).
_ALPHABET = frozenset("aăâbcdđeêghiklmnoôơpqrstuưvxy")

# Marks that the slow (cluster) path of the strippers must look at. U+0340/U+0341 are the
# deprecated tone-mark duplicates that NFD turns into U+0300/U+0301, so they count too.
_VN_COMBINING = regex.compile("[\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b\u0340\u0341]")
_GRAPHEME = regex.compile(r"\X")


def _build_strip_tables() -> tuple[Mapping[int, str], Mapping[int, str]]:
    """Build str.translate tables for every precomposed Vietnamese letter (both cases).

    One character maps to one character, which is what keeps offsets aligned for NFC input.
    """
    strip_tone: dict[int, str] = {}
    strip_marks: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for toneless in sorted(_VOWELS):
        plain = unicodedata.normalize("NFD", toneless)[0]
        for base, bare in ((toneless, plain), (toneless.upper(), plain.upper())):
            decomposed = unicodedata.normalize("NFD", base)
            if base != bare:
                strip_marks[ord(base)] = bare
            for mark in _TONE_MARK.values():
                toned = unicodedata.normalize("NFC", decomposed + mark)
                # Every toned Vietnamese vowel has a precomposed code point.
                assert len(toned) == 1, (base, mark)
                strip_tone[ord(toned)] = base
                strip_marks[ord(toned)] = bare
    return MappingProxyType(strip_tone), MappingProxyType(strip_marks)


_STRIP_TONE_TABLE, _STRIP_MARKS_TABLE = _build_strip_tables()


def _strip_cluster(cluster: str, drop_quality: bool) -> str:
    """Strip one grapheme cluster that may be a decomposed Vietnamese letter.

    A cluster is only touched when it is a Vietnamese vowel with at most one tone mark and at most
    one quality mark that the vowel can carry; anything else (``ǘ``, ``x́``, two tones) is left
    as it was, so foreign text and odd OCR output are not silently rewritten.
    """
    table = _STRIP_MARKS_TABLE if drop_quality else _STRIP_TONE_TABLE
    decomposed = unicodedata.normalize("NFD", cluster)
    base, marks = decomposed[0], decomposed[1:]
    if not marks:
        return cluster.translate(table)
    if base.lower() not in _VALID_QUALITY:
        return cluster
    tones = [m for m in marks if m in _MARK_TONE]
    quality = [m for m in marks if m in _QUALITY_MARKS]
    if (
        len(tones) + len(quality) != len(marks)
        or len(tones) > 1
        or len(quality) > 1
        or (quality and quality[0] not in _VALID_QUALITY[base.lower()])
    ):
        return cluster
    if drop_quality:
        return base
    return unicodedata.normalize("NFC", base + "".join(quality))


def _strip(text: str, drop_quality: bool) -> str:
    """Shared body of strip_tone/strip_marks: a fast table path, a cluster path for NFD."""
    table = _STRIP_MARKS_TABLE if drop_quality else _STRIP_TONE_TABLE
    if not _VN_COMBINING.search(text):
        return text.translate(table)
    return "".join(_strip_cluster(m.group(), drop_quality) for m in _GRAPHEME.finditer(text))


def strip_marks(text: str) -> str:
    """Remove every Vietnamese mark: the tones, the vowel marks (â ă ê ô ơ ư) and the bar of đ.

    Case is kept and every other character (digits, punctuation, other Latin letters such as ü,
    other scripts) is returned unchanged. For NFC input the output has one character per input
    character, so offsets line up. Decomposed Vietnamese letters come out as one plain letter.

    >>> strip_marks("Đường Nguyễn Huệ")
    'Duong Nguyen Hue'
    """
    return _strip(text, drop_quality=True)


def strip_tone(text: str) -> str:
    """Remove only the tone marks, keeping â ă ê ô ơ ư and đ; case kept.

    Like :func:`strip_marks` it maps NFC input one character to one character, and returns
    decomposed Vietnamese letters composed (NFC).

    >>> strip_tone("Nghị quyết")
    'Nghi quyêt'
    """
    return _strip(text, drop_quality=False)


def tone_of(syllable: str) -> Tone:
    """Return the tone carried by a word: the first tone mark found on a vowel, LEVEL if none.

    Accepts NFC or NFD text in any case. A tone mark on a consonant (``ǹ``) is not a Vietnamese
    tone and is ignored.
    """
    previous_base = ""
    for char in unicodedata.normalize("NFD", syllable):
        if unicodedata.combining(char):
            tone = _MARK_TONE.get(char)
            if tone is not None and previous_base in _VALID_QUALITY:
                return tone
        else:
            previous_base = char.lower()
    return Tone.LEVEL


# ---------------------------------------------------------------------------------------------
# Syllable inventory
# ---------------------------------------------------------------------------------------------

ONSETS: tuple[str, ...] = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "q", "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip

# Codas that close the syllable with a stop: such rhymes take only the acute or the dot tone.
_STOP_CODAS = frozenset(("p", "t", "c", "ch"))
_STOP_TONES: tuple[Tone, ...] = (Tone.ACUTE, Tone.DOT)

# Rhymes without a medial glide: nucleus -> the codas it takes. Semivowel codas are i/y and o/u.
# Open iê/uô/ươ are written ia/ua/ưa, so those three diphthongs appear here only with a coda.
_CORE_RHYMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "a": ("", "i", "o", "u", "y", "m", "n", "ng", "nh", "p", "t", "c", "ch"),
        "ă": ("m", "n", "ng", "p", "t", "c"),  # ă never ends a syllable and never takes i/y
        "â": ("u", "y", "m", "n", "ng", "p", "t", "c"),  # "ây" is written, "âi" is not
        "e": ("", "o", "m", "n", "ng", "p", "t", "c"),
        "ê": ("", "u", "m", "n", "nh", "p", "t", "ch"),
        "i": ("", "u", "m", "n", "nh", "p", "t", "ch"),
        "o": ("", "i", "m", "n", "ng", "p", "t", "c"),
        "oo": ("ng", "c"),  # long o of loans: xoong, boong, moóc
        "ô": ("", "i", "m", "n", "ng", "p", "t", "c"),
        "ơ": ("", "i", "m", "n", "p", "t"),
        "u": ("", "i", "m", "n", "ng", "p", "t", "c"),
        "ư": ("", "i", "u", "ng", "t", "c"),
        "iê": ("u", "m", "n", "ng", "p", "t", "c"),
        "ia": ("",),
        "uô": ("i", "m", "n", "ng", "t", "c"),
        "ua": ("",),
        "ươ": ("i", "u", "m", "n", "ng", "p", "t", "c"),
        "ưa": ("",),
    }
)

# Rhymes with a medial glide, written o before a/ă/e and u before â/ê/y/ơ:
# (medial, nucleus, codas). In "uy"/"uyên"/"uya" the front vowel is spelled y after the glide.
_MEDIAL_RHYMES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("o", "a", ("", "i", "y", "m", "n", "ng", "nh", "p", "t", "c", "ch")),  # hoa, ngoài, oách
    ("o", "ă", ("m", "n", "ng", "t", "c")),  # oăm, xoắn, hoẵng, thoắt, ngoặc
    ("o", "e", ("", "o", "n", "t")),  # khoẻ, ngoèo, nhoẻn, khoét
    ("u", "â", ("n", "t", "ng", "y")),  # xuân, thuật, khuâng, khuấy
    ("u", "ê", ("", "nh", "ch")),  # huế, huênh, khuếch
    ("u", "y", ("", "u", "nh", "ch", "t")),  # thuỷ, khuỷu, huynh, huỵch, huýt
    ("u", "yê", ("n", "t")),  # khuyên, tuyết
    ("u", "ya", ("",)),  # khuya
    ("u", "ơ", ("",)),  # thuở, huơ
)

# After q the glide is always written u, also before a/ă/e: (nucleus, codas).
_QU_RHYMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("a", ("", "i", "y", "n", "ng", "nh", "t", "c", "ch")),  # qua, quai, quay, quan, quách
    ("ă", ("m", "n", "ng", "p", "t", "c")),  # quằm, quăn, quăng, quắp, quắt, quặc
    ("â", ("n", "t", "ng", "y")),  # quân, quất, quầng, quây
    ("e", ("", "o", "n", "t")),  # que, queo, quen, quét
    ("ê", ("", "n", "t", "nh", "ch")),  # quê, quên, quết, quềnh, quếch
    ("y", ("", "nh", "t")),  # quy, quýnh, quýt
    ("i", ("",)),  # quí: the older spelling of quý, still common in print
    ("yê", ("n", "t")),  # quyên, quyết
    ("ơ", ("",)),  # quơ
    ("ô", ("c",)),  # quốc
)

# Onsets that never take a medial glide: the labials (and c/k, whose /kw/ is written qu).
_NO_MEDIAL_ONSETS = frozenset(("b", "m", "p", "ph", "v", "c", "k", "gh", "ngh", "gi"))
# The spellings of /k/, /ɣ/ and /ŋ/ before front vowels (k/gh/ngh) and elsewhere (c/g/ng).
_FRONT_ONLY_ONSETS = frozenset(("k", "gh", "ngh"))
_BACK_ONLY_ONSETS = frozenset(("c", "g", "ng"))
# The open front vowel is written y only after these onsets (ý, hy, kỳ, lý, mỹ, sỹ, tý, thy, vy);
# after the others only i is written.
_Y_OPEN_ONSETS = frozenset(("", "h", "k", "l", "m", "n", "s", "t", "th", "v"))
# p is native only in loans; accept the attested ones (pin, pa-nô, pê-đan, pô, pơ) and no more,
# so that foreign words like "Pang" are not taken for Vietnamese.
_P_RHYMES = frozenset(("a", "i", "in", "ê", "ô", "ơ"))
# gì, gìn: one written i serves both the onset gi and the rhyme (see the module docstring).
_G_SHARED_I_RHYMES = ("i", "in")


class _Entry(NamedTuple):
    """One toneless syllable: its split and where its tone goes (index into the toneless word)."""

    onset: str
    rhyme: str
    old_pos: int
    new_pos: int
    stop: bool


def _tone_positions(onset: str, medial: str, nucleus: str, coda: str) -> tuple[int, int]:
    """Index of the vowel that takes the tone, for the old and the new style.

    Indices count from the start of the toneless word (onset included).
    """
    start = len(onset) + len(medial)
    marked = [i for i, ch in enumerate(nucleus) if ch in _MARKED_VOWELS]
    if marked:
        position = start + marked[-1]  # ươ → ơ, uô → ô, iê/yê → ê
        return position, position
    if len(nucleus) == 2 and not coda and nucleus in ("ia", "ya", "ua"):
        return start, start  # open diphthong: mía, múa, khuya
    new = start + len(nucleus) - 1
    # Old style puts the tone on the glide of open oa/oe/uy; the u of qu is part of the onset
    # and never takes it.
    if medial and not coda and onset != "q":
        return len(onset), new
    return new, new


def _add(
    table: dict[str, _Entry], onset: str, medial: str, nucleus: str, coda: str, rhyme: str
) -> None:
    """Insert one syllable, refusing two different analyses of the same spelling."""
    old, new = _tone_positions(onset, medial, nucleus, coda)
    entry = _Entry(onset, rhyme, old, new, coda in _STOP_CODAS)
    key = onset + rhyme
    existing = table.get(key)
    if existing is not None and existing != entry:
        raise AssertionError(f"ambiguous spelling {key!r}: {existing} vs {entry}")
    table[key] = entry


def _core_spelling(onset: str, nucleus: str) -> str | None:
    """How a no-glide nucleus is written after ``onset``; None when it cannot follow it."""
    if nucleus == "iê":
        if onset == "gi":
            return "ê"  # giếng, giết: the i of iê merges into gi
        return "yê" if onset == "" else "iê"
    if onset == "gi" and nucleus[0] == "i":
        return None  # gia is gi + a, never g + ia
    return nucleus


def _onset_accepts(onset: str, rhyme: str) -> bool:
    """Spelling constraints between an onset and the first letter of a (written) rhyme."""
    front = rhyme[0] in "ieêy"
    if onset in _FRONT_ONLY_ONSETS:
        return front
    if onset in _BACK_ONLY_ONSETS:
        return not front
    return True


def _build_inventory() -> Mapping[str, _Entry]:
    """Generate every toneless syllable from the onset and rhyme tables."""
    table: dict[str, _Entry] = {}
    for onset in ONSETS:
        if onset == "q":
            for nucleus, codas in _QU_RHYMES:
                for coda in codas:
                    _add(table, "q", "u", nucleus, coda, "u" + nucleus + coda)
            continue
        for nucleus, codas in _CORE_RHYMES.items():
            spelled = _core_spelling(onset, nucleus)
            if spelled is None:
                continue
            for coda in codas:
                rhyme = spelled + coda
                if nucleus == "iê" and onset in ("", "gi") and coda in ("c", "p"):
                    continue  # yên, yết, giếng, giết are words; yêc/yêp/giêc/giêp are not
                if onset == "p" and rhyme not in _P_RHYMES:
                    continue
                if not _onset_accepts(onset, rhyme):
                    continue
                _add(table, onset, "", spelled, coda, rhyme)
            if nucleus == "i" and onset in _Y_OPEN_ONSETS and _onset_accepts(onset, "y"):
                _add(table, onset, "", "y", "", "y")  # ý, lý, kỳ: the y spelling of open i
        if onset in _NO_MEDIAL_ONSETS:
            continue
        for medial, nucleus, codas in _MEDIAL_RHYMES:
            if onset == "g" and medial != "o":
                continue  # goá, goòng; no g + u-glide words
            for coda in codas:
                _add(table, onset, medial, nucleus, coda, medial + nucleus + coda)
    for rhyme in _G_SHARED_I_RHYMES:
        _add(table, "g", "", "i", rhyme[1:], rhyme)
    return MappingProxyType(table)


_INVENTORY: Mapping[str, _Entry] = _build_inventory()

#: Every written rhyme (toneless, lowercase, medial included) that some syllable uses.
RHYMES: frozenset[str] = frozenset(entry.rhyme for entry in _INVENTORY.values())


@dataclass(frozen=True)
class Syllable:
    """A parsed syllable: ``onset + rhyme`` is its toneless lowercase spelling."""

    onset: str
    rhyme: str
    tone: Tone

    @property
    def toneless(self) -> str:
        """The toneless lowercase spelling, ``onset + rhyme``."""
        return self.onset + self.rhyme

    def text(self, style: ToneStyle = "old") -> str:
        """The lowercase syllable with its tone placed for ``style``."""
        return apply_tone(self.toneless, self.tone, style)


def toneless_syllables() -> frozenset[str]:
    """Every valid toneless lowercase syllable (the spellings before a tone is added)."""
    return frozenset(_INVENTORY)


def split_syllable(word: str) -> tuple[str, str] | None:
    """Split a word into (onset, rhyme) ignoring its tone; None if the spelling is not a syllable.

    Unlike :func:`parse_syllable` this accepts a tone the rhyme cannot take, so tone-stripped
    text splits too: ``split_syllable("phat") == ("ph", "at")`` although "phat" itself is not a
    syllable (it needs the acute or the dot tone).
    """
    entry = _INVENTORY.get(strip_tone(unicodedata.normalize("NFC", word)).lower())
    return None if entry is None else (entry.onset, entry.rhyme)


def allowed_tones(toneless: str) -> tuple[Tone, ...]:
    """The tones a toneless syllable can take (ACUTE/DOT after p t c ch); ``()`` if not a syllable.

    Tone marks already on ``toneless`` are ignored.
    """
    entry = _INVENTORY.get(strip_tone(unicodedata.normalize("NFC", toneless)).lower())
    if entry is None:
        return ()
    return _STOP_TONES if entry.stop else tuple(Tone)


def _check_style(style: str) -> None:
    if style not in ("old", "new"):
        raise ValueError(f"tone style must be 'old' or 'new', not {style!r}")


def apply_tone(toneless: str, tone: Tone, style: ToneStyle = "old") -> str:
    """Put ``tone`` on the right vowel of a syllable for ``style``; case is kept per letter.

    ``toneless`` is normally written without a tone; a tone already on it is dropped first.
    Returns NFC text. Raises ValueError when ``toneless`` is not a Vietnamese syllable or cannot
    take ``tone`` (``apply_tone("hat", Tone.GRAVE)``); see :func:`allowed_tones`.

    >>> apply_tone("hoa", Tone.GRAVE, "old"), apply_tone("hoa", Tone.GRAVE, "new")
    ('hòa', 'hoà')
    """
    _check_style(style)
    bare = strip_tone(unicodedata.normalize("NFC", toneless))
    entry = _INVENTORY.get(bare.lower())
    if entry is None:
        raise ValueError(f"not a Vietnamese syllable: {toneless!r}")
    tone = Tone(tone)
    if entry.stop and tone not in _STOP_TONES:
        raise ValueError(f"{toneless!r} ends in a stop and takes only the acute or dot tone")
    if tone is Tone.LEVEL:
        return bare
    position = entry.old_pos if style == "old" else entry.new_pos
    toned = unicodedata.normalize("NFC", bare[position] + _TONE_MARK[tone])
    return bare[:position] + toned + bare[position + 1 :]


@lru_cache(maxsize=1)
def _toned_lookup() -> Mapping[str, Syllable]:
    """Every correctly placed lowercase syllable (both styles) -> its parse.

    Memoised because it is a pure function of the constant tables and parsing hot loops need it.
    """
    return MappingProxyType(_toned_tables()[0])


@lru_cache(maxsize=1)
def _toned_tables() -> tuple[dict[str, Syllable], dict[str, str], dict[str, str]]:
    """The toned lookup, and each lowercase correctly placed syllable -> its old / new placement.

    Built in one pass with :func:`apply_tone`'s placement rule inlined (the inventory keys are
    already toneless NFC lowercase, so its checks are moot here): the tables are needed on every
    run (the restorer's model set-up parses ~20,000 phrase syllables), and calling apply_tone
    for each of the ~50,000 forms was a tenth of a second of every short run.
    tests/diacritics/test_orthography.py checks them against apply_tone form by form.
    """
    lookup: dict[str, Syllable] = {}
    to_old: dict[str, str] = {}
    to_new: dict[str, str] = {}
    level = Tone.LEVEL
    for toneless, entry in _INVENTORY.items():
        for tone in _STOP_TONES if entry.stop else tuple(Tone):
            syllable = Syllable(entry.onset, entry.rhyme, tone)
            if tone is level:
                old = new = toneless
            else:
                mark = _TONE_MARK[tone]
                old = _place(toneless, entry.old_pos, mark)
                new = old if entry.new_pos == entry.old_pos else _place(toneless, entry.new_pos, mark)
            lookup[old] = syllable
            lookup[new] = syllable
            to_old[old] = to_old[new] = old
            to_new[old] = to_new[new] = new
    return lookup, to_old, to_new


def _place(bare: str, position: int, mark: str) -> str:
    return bare[:position] + unicodedata.normalize("NFC", bare[position] + mark) + bare[position + 1 :]


def _parse_lenient(word: str) -> Syllable | None:
    """Parse a lowercase word whatever vowel its (single) tone mark sits on."""
    tones: list[Tone] = []
    letters: list[str] = []
    for char in unicodedata.normalize("NFD", word):
        if not unicodedata.combining(char):
            letters.append(char)
            continue
        if not letters:
            return None
        tone = _MARK_TONE.get(char)
        if tone is not None:
            if letters[-1][0] not in _VALID_QUALITY:
                return None  # a tone on a consonant is not Vietnamese
            tones.append(tone)
        elif char in _QUALITY_MARKS:
            letters[-1] += char
        else:
            return None
    if len(tones) > 1:
        return None
    toneless = unicodedata.normalize("NFC", "".join(letters))
    entry = _INVENTORY.get(toneless)
    if entry is None:
        return None
    tone = tones[0] if tones else Tone.LEVEL
    if entry.stop and tone not in _STOP_TONES:
        return None
    return Syllable(entry.onset, entry.rhyme, tone)


def parse_syllable(word: str) -> Syllable | None:
    """Split a word into onset, rhyme and tone; None if it is not a valid Vietnamese syllable.

    Case-insensitive; accepts NFC or NFD and a tone on any vowel of the word (``"qúy"`` and
    ``"hòan"`` parse as quý and hoàn), so misplaced tones from OCR or old typing habits can be
    repaired. A word with two tone marks, a tone the rhyme cannot take (``"hàt"``) or a spelling
    outside the inventory (``"ce"``, ``"tir"``) gives None.
    """
    lowered = unicodedata.normalize("NFC", word).lower()
    found = _toned_lookup().get(lowered)
    if found is not None:
        return found
    return _parse_lenient(lowered)


def is_syllable(word: str) -> bool:
    """True if ``word`` is a correctly written Vietnamese syllable, in any case.

    Both the old (``"hòa"``) and the new (``"hoà"``) tone placement are accepted, NFC or NFD.
    A tone on any other vowel (``"qúy"``, ``"hòan"``) is rejected: :func:`parse_syllable` and
    :func:`normalize_syllable` still read and repair such words.
    """
    return unicodedata.normalize("NFC", word).lower() in _toned_lookup()


def normalize_syllable(word: str, style: ToneStyle = "old") -> str:
    """Return ``word`` in NFC with its tone on the right vowel for ``style``, case kept.

    A word that is not a Vietnamese syllable comes back NFC but otherwise unchanged.

    >>> normalize_syllable("HOÀ"), normalize_syllable("qúy", "new")
    ('HÒA', 'quý')
    """
    _check_style(style)
    composed = unicodedata.normalize("NFC", word)
    # Fast path for the usual case, a lowercase correctly placed syllable: same result as below.
    placed = _toned_tables()[1 if style == "old" else 2].get(composed)
    if placed is not None:
        return placed
    syllable = parse_syllable(composed)
    if syllable is None:
        return composed
    return apply_tone(strip_tone(composed), syllable.tone, style)


@lru_cache(maxsize=2)
def all_syllables(style: ToneStyle = "old") -> frozenset[str]:
    """Every valid lowercase syllable with every tone it allows, tones placed for ``style``.

    Generated from the rules, so it is larger than the set of syllables in actual use.
    Memoised (pure function of ``style``) because callers test membership in loops.
    """
    _check_style(style)
    return frozenset(
        apply_tone(toneless, tone, style)
        for toneless, entry in _INVENTORY.items()
        for tone in (_STOP_TONES if entry.stop else tuple(Tone))
    )


@lru_cache(maxsize=1)
def _skeletons() -> frozenset[str]:
    return frozenset(strip_marks(toneless) for toneless in _INVENTORY)


def is_skeleton(word: str) -> bool:
    """Whether ``word``'s letters, marks removed, spell some Vietnamese syllable ("hoach", "nguoi", "dich").

    English-model OCR drops marks; a token that is no syllable but is one's bare letters is
    nearly always such damage, hardly ever a foreign word.
    """
    return strip_marks(unicodedata.normalize("NFC", word)).lower() in _skeletons()


def match_case(template: str, word: str) -> str:
    """Give ``word`` the case pattern of ``template``.

    * all lowercase template → ``word.lower()``;
    * capitalised (first cased letter upper, the rest lower; a single capital counts) → Title;
    * two or more cased letters, all upper → ``word.upper()``;
    * any other mix → letter by letter when the NFC lengths match, else Title if the template
      starts upper-case, lower otherwise.

    A template with no cased letter (``"123"``) leaves ``word`` unchanged.
    """
    pattern = unicodedata.normalize("NFC", template)
    cased = [ch for ch in pattern if ch.lower() != ch.upper()]
    if not cased:
        return word
    uppers = [ch.isupper() for ch in cased]
    if not any(uppers):
        return word.lower()
    if all(uppers) and len(cased) > 1:
        return word.upper()
    if uppers[0] and not any(uppers[1:]):
        return word[:1].upper() + word[1:].lower()
    if len(pattern) == len(unicodedata.normalize("NFC", word)):
        word = unicodedata.normalize("NFC", word)
        return "".join(
            w.upper() if t.isupper() else w.lower() if t.islower() else w
            for t, w in zip(pattern, word)
        )
    if uppers[0]:
        return word[:1].upper() + word[1:].lower()
    return word.lower()
