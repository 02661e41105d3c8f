"""Make a long manuscript for benchmarks: the interview repeated, a note every few paragraphs.

    python benchmarks/generate.py OUT_DIR [--repeat 10] [--every 3] [--long-notes 40]

The book's own sections are copied with their note calls taken out; the interview is
repeated ``--repeat`` times (each copy under a heading of its own), and every ``--every``
paragraphs a generated note is called and defined in notes.md. With ``--long-notes N``,
N of these notes, spread evenly through the book, are long: paragraphs of the interview
quoted in the note, some 500 words, more than the room left on most pages, so that they
run on at the foot of the next page. The output is a valid manuscript folder; the same
arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALL = re.compile(r"\[\^[^\]\s]+\]")
NOTE_TEXT = (
    "A generated note, {n} of the long benchmark book. It is about as long as an editorial "
    "note of the real book, two sentences, so that pages carry a realistic load of notes."
)


LONG_WORDS = 500
"""About how many words a long note has."""
_LABEL = re.compile(r"^[A-Z][A-Za-z]*: ")


def generate(source: Path, out: Path, repeat: int, every: int, long_notes: int = 0) -> int:
    """Write the long manuscript into ``out``; returns the number of notes."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    book = _plain_book((source / "book.toml").read_text("utf-8"))
    book = book.replace('title = "', 'title = "Long ', 1)
    (out / "book.toml").write_text(book, "utf-8")
    notes: list[str] = []
    for path in sorted(source.glob("*.md")):
        if path.name == "notes.md":
            continue
        text = _unmarked(CALL.sub("", path.read_text("utf-8")))
        if path.name == "interview.md":
            text = _long_interview(text, repeat, every, notes)
            if long_notes:
                _lengthen(notes, long_notes, text)
        (out / path.name).write_text(text, "utf-8")
    (out / "notes.md").write_text("".join(notes), "utf-8")
    return len(notes)


_SPAN = re.compile(r"\[([^\[\]]*)\]\{([^}]*)\}")
_MARK = re.compile(r'\s*(?:\.index\b|(?:index|see|seealso)="[^"]*")')
_INDEX_SECTION = re.compile(r'\n\[\[sections\]\]\n(?:#[^\n]*\n)*kind = "index"\n')
_PROOF = re.compile(r"\n\[proof\]\n.*", re.DOTALL)


def _unmarked(text: str) -> str:
    """``text`` without its index marks: the long book measures the text, not an index
    (``index_bench.py`` measures that on marks of its own)."""
    def plain(span: re.Match[str]) -> str:
        attributes = _MARK.sub("", span.group(2)).strip()
        return f"[{span.group(1)}]{{{attributes}}}" if attributes else span.group(1)
    return _SPAN.sub(plain, text)


def _plain_book(book: str) -> str:
    """The real book's book.toml without its index section and its proof's waivers (judged
    for its own pages); the long book's page count, odd or even as the text falls, is
    accepted."""
    book = _PROOF.sub("", _INDEX_SECTION.sub("\n", book)).rstrip("\n")
    return book + '\n\n[proof]\naccept = [{check = "page-count"}]\n'


def _long_interview(text: str, repeat: int, every: int, notes: list[str]) -> str:
    title, body = text.split("\n", 1)
    paragraphs = [p for p in body.strip().split("\n\n") if p.strip()]
    parts = [title, ""]
    count = 0
    for copy in range(1, repeat + 1):
        parts += [f"## Part {copy}", ""]
        for paragraph in paragraphs:
            count += 1
            if count % every == 0:
                key = f"bench-{len(notes) + 1}"
                paragraph = _call_after_first_sentence(paragraph, key)
                notes.append(f"[^{key}]: {NOTE_TEXT.format(n=len(notes) + 1)}\n\n")
            parts += [paragraph, ""]
    return "\n".join(parts)


def _lengthen(notes: list[str], count: int, interview: str) -> None:
    """Make ``count`` of ``notes``, spread evenly, long: paragraphs of ``interview``
    (without their speakers' labels) quoted after the note's own sentences."""
    paragraphs = [_LABEL.sub("", CALL.sub("", p)) for p in interview.split("\n\n")
                  if p.strip() and not p.startswith("#")]
    step = max(len(notes) // count, 1)
    for index in range(0, min(count * step, len(notes)), step):
        quoted: list[str] = []
        at = index * 7
        while sum(len(p.split()) for p in quoted) < LONG_WORDS:
            quoted.append(paragraphs[at % len(paragraphs)])
            at += 1
        note = notes[index].rstrip("\n")
        notes[index] = note + " He said as much elsewhere:\n\n    " + \
            "\n\n    ".join(quoted) + "\n\n"


def _call_after_first_sentence(paragraph: str, key: str) -> str:
    match = re.search(r"[.?!…](?=\s)", paragraph)
    cut = match.end() if match else len(paragraph)
    return paragraph[:cut] + f"[^{key}]" + paragraph[cut:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--source", type=Path, default=ROOT / "manuscript")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--every", type=int, default=3)
    parser.add_argument("--long-notes", type=int, default=0,
                        help="how many of the notes are long (some 500 words)")
    args = parser.parse_args()
    notes = generate(args.source, args.out, args.repeat, args.every, args.long_notes)
    long = f", {args.long_notes} of them long" if args.long_notes else ""
    print(f"{args.out}: interview x{args.repeat}, {notes} notes{long}")


if __name__ == "__main__":
    main()
