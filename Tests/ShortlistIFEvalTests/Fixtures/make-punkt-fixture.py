#!/usr/bin/env python3
"""Build punkt-fixture.jsonl: NLTK's Punkt English sentences and word_tokenize tokens, as golden data.

Run with the reference environment (nltk 3.9.1, Punkt English data):
    NLTK_DATA=~/.cache/shortlist/lmeval/nltk_data \
        ~/.cache/shortlist/ifeval-ref/bin/python Tests/ShortlistIFEvalTests/Fixtures/make-punkt-fixture.py

Each line is one JSON object:
- {"kind": "text", "text": T, "sentences": [...], "tokens": [...]} for the hand-written strings;
- {"kind": "response", "index": I, "variant": V, "spans": [s0, e0, s1, e1, ...],
   "tokens": N, "hash": H} for response I of the GPT-4 file (0-based line number) and its
  IFEval loose variant V (0-7, the first variant with that text; duplicates are skipped).
  Spans are code-point offsets of the sentences (text[s:e]); H is FNV-1a 64 (hex) over the UTF-8
  of " ".join(tokens), which is unambiguous because tokens never contain whitespace.
"""

import json
import os
import sys

import nltk
from nltk.tokenize import _get_punkt_tokenizer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
RESPONSES = os.path.join(ROOT, "data/ifeval/input_response_data_gpt4_20231107_145030.jsonl")
OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "punkt-fixture.jsonl")


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        h ^= byte
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return format(h, "016x")


def loose_variants(response):
    """The 8 candidates of IFEval's loose evaluation, in reference order."""
    r = response.split("\n")
    removed_first = "\n".join(r[1:]).strip()
    removed_last = "\n".join(r[:-1]).strip()
    removed_both = "\n".join(r[1:-1]).strip()
    return [
        response,
        response.replace("*", ""),
        removed_first,
        removed_last,
        removed_both,
        removed_first.replace("*", ""),
        removed_last.replace("*", ""),
        removed_both.replace("*", ""),
    ]


ADVERSARIAL = [
    "",
    " ",
    "   \n\t  \r\n ",
    "Hello.",
    "Hello",
    "Hello world. This is a test.",
    "line one\nline two\nline three",
    "First paragraph.\n\nSecond paragraph.",
    "Mr. Smith went to Washington. He arrived at 5 p.m. on Monday.",
    "Dr. Watson and Mrs. Hudson live at 221B Baker St. in London.",
    "The U.S. economy grew. The U.K. did not.",
    "I live in the U.S. It is big.",
    "J. R. R. Tolkien wrote books. C. S. Lewis did too.",
    "John F. Kennedy was president. He was shot in 1963.",
    "Wait... what? Really...",
    "Wait . . . what? Really. . . no.",
    "He said... And then she left.",
    "Pi is 3.14. E is 2.718.",
    "See No. 5 for details. It is good.",
    "See fig. 3. It shows the data.",
    "He said, \"Stop.\" Then he left.",
    "\"Is it?\" she asked. \"Yes!\" he said.",
    "(This is a sentence.) This is another.",
    "[Bracketed sentence.] Next one.",
    "{Braced.} Next.",
    "He left (quietly.) Then she came.",
    "What?! No way!! Yes!!! Okay?!?",
    "Very bad acting!!! I promise.",
    "Windows line.\r\nNext line.\r\nThird.",
    "Tab\tseparated. Next\tsentence.",
    "Cafe\u0301 is nice. Re\u0301sume\u0301 here.",
    "e\u0301. E\u0301. \u00c9tude.",
    "यह एक वाक्य है। यह दूसरा है. और तीसरा!",
    "नमस्ते दुनिया. कैसे हो?",
    "这是一个句子。这是另一个句子. English too.",
    "日本語の文. Another one! 第三。",
    "I love pizza 🍕. It is great 😀! Right?",
    "👍🏽. 👨‍👩‍👧. Done.",
    "DON'T do that. I'M serious. You can't stop.",
    "I'm gonna go. Wanna come? Gimme that. Lemme see.",
    "'Tis the season. 'Twas the night.",
    "She'll go, they'll stay, we've won, you're done, he'd run, it's ok.",
    "SHE'LL GO. THEY'RE HERE. WE'VE WON. HE'D RUN. IT'S OK. ISN'T IT?",
    "Cannot do it. D'ye know? More'n enough. Gotta go.",
    "Visit https://example.com/path?q=1. Then http://x.y.z.",
    "Email me at john.doe@example.com. Thanks.",
    "This -- that. The other---thing. A - b.",
    "Em dash\u2014here. En dash\u2013there.",
    "``Quoted text'' he said. ``Another.''",
    "\"Double quotes\" and 'single quotes' here.",
    "\u201cCurly quotes.\u201d \u2018Single curly.\u2019 Done.",
    "\u00abGuillemets\u00bb are \u201eused\u201c here.",
    "The price is $5.00. That's 50% off! #deal @home & more; fine.",
    "Items: apples, oranges, pears. Numbers: 1,000 and 2,5.",
    "A list:\n1. First item.\n2. Second item.\n3. Third item.",
    "* Bullet one.\n* Bullet two.\n- Dash bullet.",
    "**Bold title**\n\nSome text. More text.",
    "# Heading\n\nParagraph one. Paragraph two.",
    "Section 1. Introduction. This is it.",
    "e.g. this is an example. i.e. that one.",
    "Etc. is an abbreviation. So is vs. and approx.",
    "The meeting is at 10 a.m. tomorrow. Be there.",
    "He was born in Jan. 1990. She was born in Feb. 1991.",
    "Gen. Patton and Col. Sanders met Lt. Dan.",
    "Inc. and Ltd. and Corp. are company suffixes. Co. too.",
    "end.",
    ".",
    "...",
    "!",
    "?!",
    ". . .",
    "a.b.c. d.e.f.",
    "Hello.World. Foo.",
    "Hello .World. Foo .",
    "What? (No.) Yes.",
    "Sentence one.) Sentence two.",
    "He said \"Hi.\"--and left.",
    "It ended.\" Next sentence.",
    "It ended.'\" Next sentence.",
    "Quote at end.\"",
    "Trailing spaces.   ",
    "   Leading spaces. Here.",
    "Multiple   spaces.    Between   sentences.",
    "Non-breaking\u00a0space. Next\u00a0one.",
    "Ideographic\u3000space. Next.",
    "Line\u2028separator. Paragraph\u2029separator.",
    "Zero\u200bwidth. Next.",
    "UPPERCASE SENTENCE. ANOTHER ONE. A B C.",
    "I am here. A dog barked. I. A.",
    "3D printing is cool. The US and UK agree.",
    "Version 2.0.1 released. Update now.",
    "Call 555-1234. Or 1-800-FLOWERS.",
    "She scored 95%. He scored 88.5%.",
    "The year 2023. The year 2024.",
    "He paid $3.88 (roughly 3,36 euros)\nin New York.  Please buy me\ntwo of them.\nThanks.",
    "Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\n\nThanks.",
    "This is a test...and more. Yes.",
    "Ellipsis\u2026 unicode. Next.",
    "K. is the Kelvin sign \u212a. \u212aelvin.",
    "\u0130stanbul. \u0131. I\u0307.",
    "The \u017fs letter. 's' and 'S'. Don'\u017f.",
    "Thi\u017f i\u017f it. I'm 'n okay.",
    "O'Neil and O'Brien. Rock 'n' roll.",
    "It's 5 o'clock. Y'all come.",
    "'quoted' and 'x' and 'a b'.",
    "He said ''hello'' to me.",
    "Use <tags> and [brackets] and {braces}.",
    "a,b,c. 1,2,3. x, y, z.",
    "Colon: here. Ratio 3:1. Time 10:30.",
    "End with comma,",
    "End with colon:",
    "Semi; colon. At@sign. Hash#tag.",
    "Stars *here* and **there**. Done.",
    "Weird\u000bvertical\u000ctab. Next\u001cone.",
    "Next\u0085line. Other.",
    "Mixed.\n\n\nMany\n\n\nnewlines.",
    "One sentence without end",
    "Question? Answer. Exclamation! Done",
    "No space after period.Next sentence.",
    "Parenthetical (e.g., like this). Next.",
    "Hello!\"  \"Goodbye!\"",
    "He asked: \"Why?\" She said: \"Because.\"",
    "cannot CANNOT CanNot gonna GONNA wanna go wanna",
    "whaddya whatcha gotta lemme gimme d'ye more'n",
    "It's 'tis and 'TWAS and 'twas.",
    "I said 'hello'. Then 'bye' .",
    "x' y' z'  end' .",
    "ab's cd'S ef'm GH'D ij'",
    "we'll WE'LL we're WE'RE we've WE'VE don't DON'T",
    "Ok.\u00bb Next. \u201dHmm.\u2019 Fine.",
    "``",
    "```triple``` backticks.",
    "\"",
    "\"Start quote",
    "A sentence. \"Quote starts here. Continues.\" Ends.",
    "1.5 million. 2. Second. 3.",
    "Chapter 3. The end.",
    "Op. cit. p. 5. See vol. 2.",
    "U.S.A. is a country. So is the U.S.S.R.",
    "a. b. c. d.",
    "A. B. C. D.",
    "-- leading dashes. --trailing--",
    "3.14.",
    "-5. Minus five.",
    ".5 is half. ,5 odd.",
    "So... I think... yes.",
    "The end.) (Start.",
    "What.\") Next.",
    "Foo.]) Bar.",
    "Foo.'\" --Bar.",
    "Foo.\" --Bar.",
    "Foo.\"--Bar.",
]


def main():
    tokenizer = _get_punkt_tokenizer("english")
    lines = []
    seen = set()
    for text in ADVERSARIAL:
        if text in seen:
            continue
        seen.add(text)
        lines.append({
            "kind": "text",
            "text": text,
            "sentences": tokenizer.tokenize(text),
            "tokens": nltk.word_tokenize(text),
        })
    with open(RESPONSES, encoding="utf-8") as f:
        responses = [json.loads(line)["response"] for line in f if line.strip()]
    for index, response in enumerate(responses):
        texts = set()
        for variant, text in enumerate(loose_variants(response)):
            if text in texts:
                continue
            texts.add(text)
            spans = [offset for span in tokenizer.span_tokenize(text) for offset in span]
            tokens = nltk.word_tokenize(text)
            lines.append({
                "kind": "response",
                "index": index,
                "variant": variant,
                "spans": spans,
                "tokens": len(tokens),
                "hash": fnv1a64(" ".join(tokens)),
            })
    with open(OUTPUT, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"{len(lines)} lines written to {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
