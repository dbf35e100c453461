"""Write the course's English corpus, infotheory_lib/data/pydoc_topics.txt, once.

    python tools/build_corpus.py

The corpus is the text of Python's built-in ``help()`` topics
(``pydoc_data.topics``), taken from the interpreter that runs this script.
It ships as a file because that text changes with every Python release:
a stored copy gives every environment (CI, Binder, Colab, another Python)
the same corpus and so the same numbers in notebook 06. The committed file
was made with CPython 3.11.7; its licence is in infotheory_lib/data/README.md.

Normalisation: the topics in sorted key order, each stripped and separated
by one blank line; tabs become spaces, trailing spaces are removed, runs of
blank lines become one blank line. Indentation and line breaks stay.
"""

import platform
import re
from pathlib import Path
from pydoc_data.topics import topics

OUT = Path(__file__).resolve().parents[1] / "infotheory_lib" / "data" / "pydoc_topics.txt"


def normalised_topics() -> str:
    parts = []
    for key in sorted(topics):
        block = topics[key].replace("\r\n", "\n").replace("\t", "    ")
        block = re.sub(r"[ \u00a0]+\n", "\n", block)
        block = re.sub(r"\n{3,}", "\n\n", block).strip()
        if block:
            parts.append(block)
    return "\n\n".join(parts)


if __name__ == "__main__":
    text = normalised_topics()
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"{OUT}: {len(text):,} characters from Python {platform.python_version()}")
