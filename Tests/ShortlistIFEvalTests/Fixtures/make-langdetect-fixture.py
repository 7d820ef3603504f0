#!/usr/bin/env python3
"""Record langdetect 1.0.9's verdicts with DetectorFactory.seed = 0, for LanguageDetectorTests.

Run from the repository root with the reference environment (CPython 3.11.7, langdetect 1.0.9):

    ~/.cache/shortlist/ifeval-ref/bin/python \
        Tests/ShortlistIFEvalTests/Fixtures/make-langdetect-fixture.py \
        > Tests/ShortlistIFEvalTests/Fixtures/langdetect-fixture.jsonl

Each line is one input and its result. Inputs are either the text itself ("text") or a GPT-4
response by line index in data/ifeval/input_response_data_gpt4_20231107_145030.jsonl ("response")
together with the IFEval loose variant index 0-7 ("variant", see ifeval-rules.md section 4);
variants whose text was already recorded are skipped. "seed" is DetectorFactory.seed.
The result is either "language" plus "probabilities" (detect_langs, as [code, repr(float)]
pairs, in langdetect's order) or "error" (the LangDetectException message).
"""

import json
import sys

import langdetect
from langdetect import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

RESPONSES = "data/ifeval/input_response_data_gpt4_20231107_145030.jsonl"


def loose_variants(response):
    """The 8 candidates of evaluation_lib.test_instruction_following_loose, in its order."""
    r = response.split("\n")
    response_remove_first = "\n".join(r[1:]).strip()
    response_remove_last = "\n".join(r[:-1]).strip()
    response_remove_both = "\n".join(r[1:-1]).strip()
    revised_response = response.replace("*", "")
    revised_response_remove_first = response_remove_first.replace("*", "")
    revised_response_remove_last = response_remove_last.replace("*", "")
    revised_response_remove_both = response_remove_both.replace("*", "")
    return [
        response,
        revised_response,
        response_remove_first,
        response_remove_last,
        response_remove_both,
        revised_response_remove_first,
        revised_response_remove_last,
        revised_response_remove_both,
    ]


LONG_ENGLISH = "The quick brown fox jumps over the lazy dog near the river bank. " * 170
ADVERSARIAL = [
    "",
    " ",
    "******",
    "1234567890",
    "3.14159 2.71828 42",
    "!!! ??? ... --- ///",
    "https://example.com/path?x=1&y=2",
    "http://a.b https://c.d/e#f",
    "someone@example.com",
    "mail me: john.doe-99@mail.example.org, jane_x@foo.bar",
    "see https://en.wikipedia.org/wiki/Language for details about language detection",
    "a@b",
    "x@yz plus words here to detect",
    "a",
    "I",
    "ok",
    "Hi",
    "the",
    "Ja",
    "Nein danke",
    "THIS IS ALL CAPS ENGLISH TEXT THAT SHOULD STILL BE DETECTED",
    "HELLO World",
    "THE END",
    "AbCdEf GhIjKl",
    "This is a perfectly ordinary English sentence about the weather today.",
    "Dies ist ein ganz normaler deutscher Satz über das Wetter heute.",
    "Ceci est une phrase française tout à fait ordinaire sur la météo.",
    "Esta es una oración española completamente normal sobre el clima.",
    "Questa è una frase italiana del tutto normale sul tempo di oggi.",
    "Esta é uma frase portuguesa perfeitamente normal sobre o tempo.",
    "Tiếng Việt là ngôn ngữ chính thức của Việt Nam, có nhiều dấu thanh.",
    "Tie\u0302\u0301ng Vie\u0323\u0302t la\u0300 ngo\u0302n ngu\u031b\u0303 (decomposed marks)",
    "A\u0300 a\u0301 e\u0303 o\u0309 u\u0323 y\u0300",
    "日本語は日本で話されている言語です。ひらがなとカタカナと漢字を使います。",
    "カタカナだけのテキスト、コンピューター、インターネット",
    "中华人民共和国是一个位于东亚的国家，首都是北京。",
    "中華民國是一個位於東亞的國家，首都是臺北。這是繁體中文。",
    "漢字",
    "ㄅㄆㄇㄈ 注音符號",
    "한국어는 대한민국과 조선민주주의인민공화국의 공용어이다.",
    "اللغة العربية هي أكثر اللغات السامية تحدثا وإحدى أكثر اللغات انتشارا في العالم.",
    "زبان فارسی یکی از زبان‌های هندواروپایی است که در ایران و افغانستان صحبت می‌شود.",
    "اردو برصغیر کی ایک اہم زبان ہے جو پاکستان کی قومی زبان ہے۔",
    "हिन्दी भारत की एक प्रमुख भाषा है और यह देवनागरी लिपि में लिखी जाती है।",
    "मराठी ही महाराष्ट्र राज्याची अधिकृत भाषा आहे आणि ती देवनागरी लिपीत लिहिली जाते.",
    "नेपाली भाषा नेपालको राष्ट्र भाषा हो र यो देवनागरी लिपिमा लेखिन्छ।",
    "বাংলা ভাষা দক্ষিণ এশিয়ার একটি প্রধান ভাষা।",
    "தமிழ் ஒரு திராவிட மொழி ஆகும், இது இந்தியாவிலும் இலங்கையிலும் பேசப்படுகிறது.",
    "ภาษาไทยเป็นภาษาราชการของประเทศไทย",
    "Български език е южнославянски език, който се говори в България.",
    "Русский язык является одним из восточнославянских языков и государственным языком России.",
    "Українська мова є державною мовою України.",
    "Ελληνικά είναι η επίσημη γλώσσα της Ελλάδας και της Κύπρου.",
    "עברית היא שפה שמית המדוברת בישראל.",
    "Limba română este o limbă romanică vorbită în România și Republica Moldova, ţară şi țară.",
    "Türkçe, Türkiye'nin resmi dilidir ve milyonlarca insan tarafından konuşulur.",
    "Polski jest językiem zachodniosłowiańskim, używanym głównie w Polsce.",
    "Hello 你好 こんにちは 안녕하세요 Привет مرحبا नमस्ते",
    "English words mixed with 中文字符 in the middle of the sentence.",
    "ABC 中文",
    "\u00a0\u00ab\u00b0\u00bb",
    "naïve café résumé «quoted» 30°",
    "emoji only 😀😃😄 🚀",
    "😀😃😄",
    "tab\tseparated\nnew lines\r\nand  double   spaces",
    "\u2014\u2013\u2019 general punctuation \u201cquoted\u201d",
    "Ｆｕｌｌｗｉｄｔｈ ｌａｔｉｎ",
    "𝐌𝐚𝐭𝐡 𝐛𝐨𝐥𝐝",
    "Kiswahili ni lugha ya Kibantu inayozungumzwa Afrika Mashariki.",
    LONG_ENGLISH,
    LONG_ENGLISH + "这是一个很长的文本的结尾部分，应该被截断。",
    "这是中文。" * 2100 + " English tail that is beyond the limit",
    ("word " * 1999) + "https://example.com/" + ("x" * 30) + " tail Deutsch Sprache",
]


def record(out, key, text, seed=0):
    DetectorFactory.seed = seed
    line = dict(key)
    if seed != 0:
        line["seed"] = seed
    try:
        language = langdetect.detect(text)
        probabilities = langdetect.detect_langs(text)
        line["language"] = language
        line["probabilities"] = [[p.lang, repr(p.prob)] for p in probabilities]
    except LangDetectException as error:
        line["error"] = error.get_message() if hasattr(error, "get_message") else str(error)
    out.write(json.dumps(line, ensure_ascii=False) + "\n")


def main():
    out = sys.stdout
    seen = set()
    with open(RESPONSES, encoding="utf-8") as f:
        responses = [json.loads(line)["response"] for line in f]
    for index, response in enumerate(responses):
        for variant, text in enumerate(loose_variants(response)):
            if text in seen:
                continue
            seen.add(text)
            record(out, {"response": index, "variant": variant}, text)
    for text in ADVERSARIAL:
        record(out, {"text": text}, text)
    for seed in (1, 2, 3, 4, 12345, 2**32 + 7):
        record(out, {"text": "Tiếng Việt và English mixed words here"}, "Tiếng Việt và English mixed words here", seed)
        record(out, {"response": 0, "variant": 0}, responses[0], seed)


if __name__ == "__main__":
    main()
