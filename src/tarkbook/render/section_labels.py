"""Words the editions print themselves, in the book's language: "Chapter", and the name of
a section that has no title of its own (a dedication, an epigraph)."""

from __future__ import annotations

from tarkbook.model import SectionKind

_CHAPTER = {
    "en": "Chapter", "pl": "Rozdział", "de": "Kapitel", "fr": "Chapitre", "it": "Capitolo",
    "es": "Capítulo", "pt": "Capítulo", "nl": "Hoofdstuk", "ru": "Глава", "uk": "Розділ",
    "cs": "Kapitola", "sv": "Kapitel", "da": "Kapitel", "no": "Kapittel", "nb": "Kapittel",
    "fi": "Luku", "el": "Κεφάλαιο", "he": "פרק",
}
_UNTITLED: dict[str, dict[str, str]] = {
    "dedication": {
        "en": "Dedication", "pl": "Dedykacja", "de": "Widmung", "fr": "Dédicace",
        "it": "Dedica", "es": "Dedicatoria", "ru": "Посвящение",
    },
    "epigraph": {
        "en": "Epigraph", "pl": "Motto", "de": "Motto", "fr": "Épigraphe", "it": "Epigrafe",
        "es": "Epígrafe", "ru": "Эпиграф",
    },
}


def _primary(language: str) -> str:
    return language.split("-")[0].lower()


def chapter_label(number: int, language: str) -> str:
    """"Chapter 3" in ``language`` (English when tarkbook does not know the word)."""
    word = _CHAPTER.get(_primary(language), _CHAPTER["en"])
    return f"{word} {number}"


def kind_name(kind: SectionKind, language: str) -> str:
    """The name of a kind of section that has no title, for the EPUB's document title."""
    names = _UNTITLED.get(kind, {})
    return names.get(_primary(language), names.get("en", kind.replace("-", " ").capitalize()))
