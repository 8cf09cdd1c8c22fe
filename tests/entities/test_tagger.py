"""The Chinese tagger's parts: the training conversion of the PFR corpus, the feature keys, the hash
table, and the decoder (its shortcut agrees with plain Viterbi)."""
from __future__ import annotations

import numpy as np
import pytest

from pipeline.ner import corpus
from pipeline.ner.features import TEMPLATES, Featurizer
from pipeline.ner.tagger import CharModel, Decoder, KeyTable, spans

CONV = corpus.Conversion(surnames={"江", "李", "乔", "朱"}, place_abbrevs={"华", "美", "中"}, org_abbrevs={"政协", "人大", "省人大", "常委会"},
                         org_words={"市委"}, place_government_words={"政府"}, place_after_verbs={"访", "驻"},
                         nz_places={"中华"}, names={"邓小平"})


def labelled(line: str) -> list[tuple[str, str]]:
    parsed = corpus.tokens_of(line)
    assert parsed is not None
    toks = parsed[1]
    text = "".join(t.word for t in toks)
    return [(text[s:e], lab) for s, e, lab in corpus.paragraph_spans(toks, CONV)]


@pytest.mark.parametrize("line, expected", [
    ("19980101-01-001-002/m  江/nr  泽民/nr  李/nr  鹏/nr  乔/nr  石/nr", [("江泽民", "PERSON"), ("李鹏", "PERSON"), ("乔石", "PERSON")]),
    ("19980101-01-001-002/m  桥本/nr  龙太郎/nr  说/v", [("桥本龙太郎", "PERSON")]),
    ("19980101-01-001-002/m  [中国/ns  政府/n]nt  表示/v", [("中国", "GPE")]),
    ("19980101-01-001-002/m  [中国/ns  共产党/n]nt  成立/v", [("中国共产党", "ORG")]),
    ("19980101-01-001-002/m  克林顿/nr  访华/v", [("克林顿", "PERSON"), ("华", "GPE")]),
    ("19980101-01-001-002/m  中/j  美/j  关系/n", [("中", "GPE"), ("美", "GPE")]),
    ("19980101-01-001-002/m  省人大/j  常委会/j  主任/n", [("省人大常委会", "ORG")]),
    ("19980101-01-001-002/m  高举/v  邓小平理论/n  旗帜/n", [("邓小平", "PERSON")]),
    ("19980101-01-001-002/m  市委/n  书记/n", [("市委", "ORG")]),
    ("19980101-01-001-002/m  中华/nz  民族/n", [("中华", "GPE")]),
    ("19980101-01-001-002/m  [香港/ns  特别/a  行政区/n]ns", [("香港特别行政区", "GPE")]),
])
def test_conversion(line, expected):
    assert labelled(line) == expected


def test_sentences_split_outside_spans():
    text = "甲说。乙去北京。"
    got = list(corpus.split_sentences("x", text, [(5, 7, "GPE")]))
    assert [s.text for s in got] == ["甲说。", "乙去北京。"]
    assert got[1].spans == [(2, 4, "GPE")]


def test_held_out_drops_shared_windows(tmp_path):
    test = tmp_path / "t.bio"
    test.write_text("".join(f"{c} O\n" for c in "这是一个测试集里的句子，有二十多个字符长，不能进训练。") + "\n", encoding="utf-8")
    held = corpus.HeldOut([test], window=20)
    assert "这是一个测试集里的句子，有二十多个字符长，不能进训练。" in held
    assert "前面加字这是一个测试集里的句子，有二十多个字符长" in held  # shares 20 characters
    assert "完全不同的句子。" not in held


def test_read_bio_gives_the_taggers_labels(tmp_path):
    """The NER data's BIO lines -> sentences with PERSON/GPE/ORG spans (LOC is GPE, as `ns` is)."""
    path = tmp_path / "dev.bio"
    rows = ["江 B-PER", "泽 I-PER", "民 I-PER", "访 O", "美 B-LOC", "", "新 B-ORG", "华 I-ORG", "社 I-ORG", "电 O", ""]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    got = [(s.text, [(s.text[a:b], lab) for a, b, lab in s.spans]) for s in corpus.read_bio(path)]
    assert got == [("江泽民访美", [("江泽民", "PERSON"), ("美", "GPE")]), ("新华社电", [("新华社", "ORG")])]


def test_training_refuses_a_test_split(tmp_path):
    """A test split named among the hand-annotated training files is an error that says how to fix it."""
    from pipeline.ner import train

    with pytest.raises(ValueError, match="measurement only"):
        train.read_gold({"gold_files": "peoples_daily_ner_bio/example.test"}, tmp_path, None)
    with pytest.raises(ValueError, match="measurement only"):  # however the path is spelled
        train.read_gold({"gold_files": "./peoples_daily_ner_bio/../peoples_daily_ner_bio/example.test"}, tmp_path, None)
    dev = tmp_path / "peoples_daily_ner_bio" / "example.dev"
    dev.parent.mkdir()
    dev.write_text("北 B-LOC\n京 I-LOC\n\n上 B-LOC\n海 I-LOC\n\n", encoding="utf-8")
    gold, _, _ = train.read_gold({"gold_files": "peoples_daily_ner_bio/example.dev"}, tmp_path, "1:")
    assert [s.text for s in gold] == ["上海"]


def test_training_drops_hand_annotated_sentences_a_test_split_has(tmp_path):
    """A dev-split sentence that a test split also has (the corpora overlap) is measurement, not training."""
    from pipeline.ner import train

    shared_sentence = "国务院总理李鹏今天在人民大会堂会见了来访的客人，双方进行了友好的交谈。"
    bio = lambda *sents: "".join("".join(f"{c} O\n" for c in s) + "\n" for s in sents)
    (tmp_path / "peoples_daily_ner_bio").mkdir()
    (tmp_path / "peoples_daily_ner_bio" / "example.test").write_text(bio(shared_sentence), encoding="utf-8")
    (tmp_path / "peoples_daily_ner_bio" / "example.dev").write_text(bio("北京今天下雪了。", shared_sentence),
                                                                   encoding="utf-8")
    gold, _, dropped = train.read_gold({"gold_files": "peoples_daily_ner_bio/example.dev"}, tmp_path, None)
    assert [s.text for s in gold] == ["北京今天下雪了。"]
    assert [s.text for s in dropped] == [shared_sentence]


def test_keys_fold_width_and_digits():
    feat = Featurizer(frozenset({"张"}), frozenset({"北京"}), classes={"北京": 3})
    a = feat.keys("北京１９９８", [(0, 6)], feat.words(["北京", "１９９８"]))
    b = feat.keys("北京2024", [(0, 6)], feat.words(["北京", "2024"]))
    folded = [i for i, t in enumerate(TEMPLATES) if t != "wd"]  # the word's own hash is as written
    assert a.shape == (6, len(TEMPLATES)) and (a[:, folded] == b[:, folded]).all()


def test_keys_spacy_words_match_string_words():
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    feat = Featurizer(frozenset({"张"}), frozenset({"邯郸市"}))
    text = "邯郸市副市长张学军 出席会议。"
    doc = nlp(text)
    from_spacy = feat.keys(text, [(0, len(text))], feat.spacy_words(doc))
    import jieba

    from_strings = feat.keys(text, [(0, len(text))], feat.words(list(jieba.cut(text))))
    assert (from_spacy == from_strings).all()


def test_cluster_keys_spacy_words_match_string_words():
    """With the distributional clusters in use, a spaCy Doc and jieba's strings give the same keys,
    a space included (spaCy keeps it out of its tokens, jieba makes it a word)."""
    import jieba
    import spacy
    from spacy.strings import hash_string

    from pipeline.ner.features import CHAR_SLOTS

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    feat = Featurizer(frozenset({"张"}), frozenset({"邯郸市"}))
    chars = np.zeros(CHAR_SLOTS + 1, dtype=np.uint16)
    chars[[ord("张"), ord("市"), ord("长")]] = [3, 4, 4]
    words = ["邯郸市", "市长", "出席"]
    feat.use_clusters(chars, np.array([hash_string(w) for w in words], np.uint64), np.array([7, 8, 9], np.uint16))
    text = "邯郸市副市长张学军 出席会议。"
    from_spacy = feat.keys(text, [(0, len(text))], feat.spacy_words(nlp(text)))
    from_strings = feat.keys(text, [(0, len(text))], feat.words(list(jieba.cut(text))))
    assert (from_spacy == from_strings).all()
    q0, wq = TEMPLATES.index("q0"), TEMPLATES.index("wq")
    assert from_strings[6, q0] == 3 and from_strings[0, wq] == 7 * 4 + 0 + 1  # 张; 邯 begins 邯郸市


def test_key_table_finds_every_key_and_nothing_else():
    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(1, 2**60, 5000, dtype=np.uint64))
    table = KeyTable(keys)
    assert (table.lookup(keys) == np.arange(len(keys))).all()
    missing = np.array([0, 3, 2**61 + 5], dtype=np.uint64)
    assert (table.lookup(missing) == len(keys)).all()


def toy_model(L=5, seed=0) -> CharModel:
    rng = np.random.default_rng(seed)
    labels = ["O", "B-X", "E-X", "I-X", "S-X"][:L]
    keys = [np.array([], dtype=np.uint64) for _ in TEMPLATES]
    weights = [np.zeros((1, L), np.float32) for _ in TEMPLATES]
    return CharModel(labels, rng.normal(0, 1.5, (L, L)).astype(np.float32), keys, weights, {})


def viterbi(E, T, lengths):
    out, pos = [], 0
    for n in lengths:
        e = E[pos:pos + n]
        delta, back = e[0].copy(), []
        for j in range(1, n):
            cand = delta[:, None] + T
            back.append(cand.argmax(axis=0))
            delta = cand.max(axis=0) + e[j]
        y = [int(delta.argmax())]
        for b in reversed(back):
            y.append(int(b[y[-1]]))
        out += y[::-1]
        pos += n
    return np.array(out)


@pytest.mark.parametrize("seed", range(5))
def test_decoder_is_viterbi(seed):
    model = toy_model(seed=seed)
    dec = Decoder(model)
    rng = np.random.default_rng(seed + 10)
    lengths = [7, 1, 12, 3]
    E = rng.normal(0, 2, (sum(lengths), 5)).astype(np.float32)
    assert (dec.decode(E, lengths) == viterbi(E, model.transitions, lengths)).all()


@pytest.mark.parametrize("seed", range(5))
def test_decoder_cut_at_outside_positions_is_viterbi_given_them(seed):
    """Positions declared outside are O, and the rest is what Viterbi gives when they are forced O."""
    model = toy_model(seed=seed)
    dec = Decoder(model)
    rng = np.random.default_rng(seed + 20)
    lengths = [9, 14]
    E = rng.normal(0, 2, (23, 5)).astype(np.float32)
    outside = np.zeros(23, dtype=bool)
    outside[[3, 4, 12, 20]] = True
    forced = E.copy()
    forced[outside, 1:] = -1e9  # Viterbi with those positions forced to O
    got = dec.decode(E, lengths, outside)
    assert (got[outside] == 0).all()
    assert (got == viterbi(forced, model.transitions, lengths)).all()


def test_spans_from_bioes():
    labels = ["O", "B-PERSON", "E-PERSON", "I-PERSON", "S-GPE"]
    tags = np.array([0, 1, 3, 2, 0, 4, 4, 0])
    assert spans(labels, tags, np.arange(8)) == [(1, 4, "PERSON"), (5, 6, "GPE"), (6, 7, "GPE")]
    # a gap in the offsets (two sentences) closes a span
    assert spans(labels, np.array([1, 3]), np.array([0, 5])) == [(0, 1, "PERSON"), (5, 6, "PERSON")]


def test_model_file_round_trip_is_byte_stable(tmp_path):
    import time

    model = toy_model()
    model.meta = {"format": __import__("pipeline.ner.tagger", fromlist=["FORMAT"]).FORMAT, "templates": list(TEMPLATES)}
    model.keys = [np.array([5, 9], np.uint64) for _ in TEMPLATES]
    model.weights = [np.arange(15, dtype=np.float32).reshape(3, 5) for _ in TEMPLATES]
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    model.save(a)
    time.sleep(1.1)  # zip entries would carry the time
    model.save(b)
    assert a.read_bytes() == b.read_bytes()
    back = CharModel.load(a)
    assert back.labels == model.labels and (back.weights[3][:2] == model.weights[3][:2]).all()


@pytest.mark.slow
def test_training_is_deterministic(tmp_path):
    """`make train-ner` twice gives the same file (a small run: 300 sentences, 3 iterations)."""
    pytest.importorskip("pycrfsuite")
    from pipeline.ner import train

    outs = [tmp_path / "a.npz", tmp_path / "b.npz"]
    for out in outs:
        assert train.main(["--limit", "300", "--iterations", "3", "--out", str(out)]) == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()


def test_place_and_body_make_one_organisation():
    """美国/ns 代表团/n outside a bracket is one organisation, as the People's Daily NER data marks it;
    a body word not listed (当局) leaves the place alone."""
    conv = corpus.Conversion(surnames={"江"}, place_bodies={"代表团", "队"})
    for line, expected in [("19980101-01-001-002/m  美国/ns  代表团/n  抵达/v", [("美国代表团", "ORG")]),
                           ("19980101-01-001-002/m  广东/ns  足球队/n  获胜/v", [("广东足球队", "ORG")]),
                           ("19980101-01-001-002/m  美国/ns  当局/n  表示/v", [("美国", "GPE")])]:
        toks = corpus.tokens_of(line)[1]
        text = "".join(t.word for t in toks)
        assert [(text[s:e], lab) for s, e, lab in corpus.paragraph_spans(toks, conv)] == expected
