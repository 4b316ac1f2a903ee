"""Place-name forms: the folded matching key, romanised variants of Cyrillic names, and a
consonant skeleton for spellings that differ only in vowels and doubled letters.

Reporters write the same town as Kharkov or Kharkiv, Artemovsk or Bakhmut, Saraqeb or
Saraqib. GeoNames lists many of those spellings among a place's alternate names, and its
Cyrillic names carry the rest: :func:`romanized_variants` writes each Cyrillic name out
with the two systems English-language news uses (Russian as in BGN/PCGN with simplified
endings, Ukrainian as in the 2010 national system), so "Тёткино" gives "Tyotkino" and
"Красный Лиман" gives "Krasny Liman" without a hand list of towns.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_ABBREV = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_VOWELS = frozenset("aeiouy")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN_LETTERS = frozenset("іїєґ")
# Arabic article forms dropped by the skeleton ("Ar Rutbah" ~ "Rutba").
_ARTICLES = frozenset({"al", "el", "ar", "as", "ash", "at", "ad", "adh", "an", "az", "ath", "ul"})
# The same articles as the first word of an indexed name ("El" and "Ul" start Spanish and
# other names too: "El Salvador" is not "Salvador").
_NAME_ARTICLES = _ARTICLES - {"el", "ul"}

# Letter tables: (anywhere, at the start of a word or after a vowel/soft sign).
_RUSSIAN: dict[str, tuple[str, str]] = {
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "v"), "г": ("g", "g"), "д": ("d", "d"),
    "е": ("e", "ye"), "ё": ("yo", "yo"), "ж": ("zh", "zh"), "з": ("z", "z"), "и": ("i", "i"),
    "й": ("y", "y"), "к": ("k", "k"), "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"),
    "о": ("o", "o"), "п": ("p", "p"), "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"),
    "у": ("u", "u"), "ф": ("f", "f"), "х": ("kh", "kh"), "ц": ("ts", "ts"), "ч": ("ch", "ch"),
    "ш": ("sh", "sh"), "щ": ("shch", "shch"), "ъ": ("", ""), "ы": ("y", "y"), "ь": ("", ""),
    "э": ("e", "e"), "ю": ("yu", "yu"), "я": ("ya", "ya"),
}  # fmt: skip
_UKRAINIAN: dict[str, tuple[str, str]] = {
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "v"), "г": ("h", "h"), "ґ": ("g", "g"),
    "д": ("d", "d"), "е": ("e", "e"), "є": ("ie", "ye"), "ж": ("zh", "zh"), "з": ("z", "z"),
    "и": ("y", "y"), "і": ("i", "i"), "ї": ("i", "yi"), "й": ("i", "y"), "к": ("k", "k"),
    "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"), "о": ("o", "o"), "п": ("p", "p"),
    "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"), "у": ("u", "u"), "ф": ("f", "f"),
    "х": ("kh", "kh"), "ц": ("ts", "ts"), "ч": ("ch", "ch"), "ш": ("sh", "sh"),
    "щ": ("shch", "shch"), "ь": ("", ""), "ю": ("iu", "yu"), "я": ("ia", "ya"),
    "ы": ("y", "y"), "э": ("e", "e"), "ё": ("io", "yo"), "ъ": ("", ""),
}  # fmt: skip
_APOSTROPHES = frozenset("'ʼ’")
# Ukrainian as BGN/PCGN writes it, common in English news before 2010 and in wartime
# reporting: iotated vowels and "й" as y- everywhere ("Водяне" -> Vodyane, not Vodiane).
_UKRAINIAN_BGN = {
    **_UKRAINIAN,
    **{ch: (_UKRAINIAN[ch][1], _UKRAINIAN[ch][1]) for ch in ("я", "ю", "є", "ї", "й")},
}
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяєіїь'ʼ’ъ")
# Russian adjective endings as English news shortens them: "Krasnyy" -> "Krasny".
_RUSSIAN_ENDINGS = (("yy", "y"), ("iy", "y"), ("yi", "y"))


@functools.lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """Fold a name for matching: no diacritics, lower case, words split on punctuation.

    ``"St. Louis"`` and ``"saint-louis"`` both give ``"saint louis"``;
    ``"Kurskaya oblast'"`` gives ``"kurskaya oblast"``.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’ʼ`‘]", "", text)
    words = re.split(r"[^\w]+", text)
    return " ".join(_ABBREV.get(w, w) for w in words if w)


def is_latin(norm: str) -> bool:
    """Whether a folded name is plain ASCII and of a sensible length."""
    return bool(norm) and norm.isascii() and len(norm) <= 60


def _transliterate(
    text: str, table: dict[str, tuple[str, str]], *, after_vowel: bool = False
) -> str:
    """Write Cyrillic ``text`` in Latin letters; the second form of a letter applies at the
    start of a word, and also after a vowel when ``after_vowel`` (BGN/PCGN's "ye")."""
    out = []
    prev = " "
    for ch in text.lower():
        if ch in _APOSTROPHES:  # "Куп’янськ" is Kupiansk
            continue
        forms = table.get(ch)
        if forms is None:
            out.append(ch if ch.isascii() else " ")
        else:
            initial = not prev.isalpha() or (after_vowel and prev in _CYRILLIC_VOWELS)
            out.append(forms[1] if initial else forms[0])
        prev = ch
    return "".join(out)


def romanized_variants(name: str) -> list[str]:
    """Latin spellings of a Cyrillic name as news reports write it; [] for other scripts.

    ``"Артемовск"`` -> ``["artemovsk"]``; ``"Красный Лиман"`` -> ``["krasnyy liman",
    "krasny liman", "krasnyi lyman", "krasny lyman"]``; ``"Водяне"`` -> ``[..., "vodyane",
    "vodiane"]``; ``"Верхньоторецьке"`` gives "verkhnyotoretske" too. Ukrainian-only
    letters (і ї є ґ) select the Ukrainian systems alone; otherwise the Russian ones are
    applied too. The Ukrainian national form comes last.
    """
    if not _CYRILLIC.search(name):
        return []
    lower = name.lower()
    forms: list[str] = []
    if not _UKRAINIAN_LETTERS.intersection(lower):
        russian = normalize(_transliterate(lower, _RUSSIAN, after_vowel=True))
        simple = normalize(_transliterate(lower, _RUSSIAN))
        forms += [russian, simple, " ".join(_shorten(w) for w in simple.split())]
        forms.append(simple.replace("yo", "e"))
    # BGN/PCGN writes a soft sign before "о" as y ("Верхньоторецьке" -> Verkhnyotoretske).
    bgn = normalize(_transliterate(lower.replace("ьо", "йо"), _UKRAINIAN_BGN))
    forms += [bgn, " ".join(_shorten(w) for w in bgn.split())]
    forms.append(normalize(_transliterate(lower, _UKRAINIAN)))
    return [f for f in dict.fromkeys(forms) if is_latin(f) and len(f) >= 3]


def arabic_variants(norm: str) -> list[str]:
    """Forms of a folded Arabic place name as news writes it: without the article and
    with a final "-ah"/"-eh" written "-a" ("ar raqqah" -> "raqqah", "ar raqqa", "raqqa").
    [] for names without a leading Arabic article."""
    words = norm.split()
    if len(words) < 2 or words[0] not in _NAME_ARTICLES:
        return []
    bare = " ".join(words[1:])
    forms = [bare]
    if norm.endswith(("ah", "eh")) and len(words[-1]) > 4:
        forms += [norm[:-1], bare[:-1]]
    return [f for f in forms if len(f) >= 4]


def _shorten(word: str) -> str:
    for long, short in _RUSSIAN_ENDINGS:
        if word.endswith(long) and len(word) > 4:
            return word[: -len(long)] + short
    return word


@functools.lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    """Consonant skeleton of a name: folded, Arabic articles and vowels dropped, q/c as k,
    doubled letters single, then the first letters of its words. ``"Saraqab"`` and
    ``"Saraqib"`` give ``"srkb s"``; ``"Tal Tamer"`` and ``"Tall Tamr"`` give ``"tltmr tt"``;
    "South Ossetia" is not "South East", whose consonants are the same. Empty for names too
    short to compare safely."""
    words = normalize(name).split()
    if len(words) > 1:
        words = [w for w in words if w not in _ARTICLES] or words
    text = "".join(words)
    if not text.isascii() or len(text) < 5:
        return ""
    text = text.replace("q", "k").replace("c", "k").replace("w", "v").replace("h", "")
    consonants = [c for c in text if c not in _VOWELS and c.isalpha()]
    squeezed = [c for i, c in enumerate(consonants) if i == 0 or c != consonants[i - 1]]
    key = "".join(squeezed)
    return f"{key} {''.join(w[0] for w in words)}" if len(key) >= 3 else ""
