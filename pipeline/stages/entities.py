"""entities: PERSON, ORG, GPE, LOC over the final text, with exact character offsets.

Two spaCy pipelines, built once: `spacy.blank("zh")` with the jieba segmenter, then the Chinese
character tagger (a CRF trained by `make train-ner`, pipeline/ner/) and the Chinese rules
(organisation names from parts, the place gazetteer, a title before a name); `spacy.blank("en")`
with the English rules. A last component keeps the best non-overlapping candidates and drops the
stoplist's words. Rule data lives in configs/entities/ (and the title lexicons in configs/officials/).
The spaCy Doc goes to `doc.scratch["spacy_doc"]` for the stages after this one. A person named in
the byline is a credit, not an entity of the article. Without the model file the Chinese side runs
on its rules alone, and says so once when the stage is built.
"""
from __future__ import annotations

import io
import logging
from pathlib import Path

from ..document import Document, Entity
from ..errors import ConfigError
from ..ner import lexicons
from .base import Stage, StageContext

log = logging.getLogger("newsclean")


class Entities(Stage):
    name = "entities"

    def __init__(self, context: StageContext):
        super().__init__(context)
        import spacy

        from ..ner import components
        from ..ner.en_rules import EnData, EnRules
        from ..ner.features import Featurizer
        from ..ner.tagger import CharModel, ModelError
        from ..ner.zh import ChineseTagger
        from ..ner.zh_rules import ZhData, ZhRules

        words = lexicons.words
        surnames = lexicons.surnames(context, "surnames_file")
        division_rows = lexicons.tsv_rows(context, "divisions_file", 5)
        country_rows = lexicons.tsv_rows(context, "countries_file", 3)
        city_rows = lexicons.tsv_rows(context, "cities_file", 2) if context.setting("cities_file", "", str) else []
        places_zh = lexicons.place_names(division_rows, country_rows, city_rows)
        # several words to a line (the files' lines were taken whole before, and matched nothing)
        stoplist = frozenset(word for path in context.setting("stoplist_files", [], list)
                             for line in context.read_lines(Path(path), "stoplist_files") for word in line.split())
        titles_zh = lexicons.titles(context, "titles_zh_file")
        titles_en = lexicons.titles(context, "titles_en_file")
        key = f"entities-{id(self)}"

        # Chinese
        orgs = context.read_toml(context.path("zh_orgs_file"), "zh_orgs_file")
        abbrevs = context.read_toml(context.path("zh_abbrevs_file"), "zh_abbrevs_file")
        featurizer = Featurizer(frozenset(surnames), places_zh)
        featurizer.prepare()
        zh_titles = sorted({p + t for t in titles_zh.ranks for p in [""] + titles_zh.prefixes
                            if titles_zh.ranks[t] < 6}, key=len, reverse=True)
        zh_rules = ZhRules(ZhData(
            levels=words(orgs.get("levels")), bodies=set(words(orgs.get("bodies"))),
            suffixes=words(orgs.get("suffixes")), named=words(orgs.get("named")), places=set(places_zh),
            place_suffix_ok=set(words(orgs.get("place_suffixes"))),
            titles=zh_titles, surnames=set(surnames),
            abbrev_countries="".join(words(abbrevs.get("countries"))), pair_followers=words(abbrevs.get("pair_followers")),
            abbrev_verbs=words(abbrevs.get("verbs")), places_after_verbs="".join(words(abbrevs.get("places_after_verbs"))),
            words=featurizer.classes, side_before="".join(words(abbrevs.get("side_before"))),
            not_sides=set(words(abbrevs.get("not_sides"))),
            eponyms=words(abbrevs.get("eponyms")), leading_verbs=words(orgs.get("leading_verbs"))))
        self.nlp_zh = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        self.model_note = None
        model_path = lexicons.optional_path(context, "model_file")
        tagger = None
        if model_path is not None and model_path.exists():
            data = context.read_bytes(model_path, "model_file")
            try:
                tagger = ChineseTagger(CharModel.load(io.BytesIO(data), str(model_path)), featurizer)
            except ModelError as e:
                raise ConfigError(str(e), *context.where("model_file")) from None
        else:
            self.model_note = (f"entities: no Chinese tagger model at {model_path} (run `make train-ner`); "
                               "Chinese entities come from the rules alone")
            log.warning(self.model_note)
        if tagger is not None:
            components.SHARED[key + "-tagger"] = tagger
            self.nlp_zh.add_pipe("newsclean_zh_tagger", config={"key": key + "-tagger"})
        components.SHARED[key + "-zh"] = (zh_rules, featurizer)
        self.nlp_zh.add_pipe("newsclean_zh_rules", config={"key": key + "-zh"})
        self.zh_rules = zh_rules
        components.SHARED[key + "-stop-zh"] = (stoplist, int(context.setting("max_container_zh", 20, int)), zh_rules)
        self.nlp_zh.add_pipe("newsclean_resolve", config={"key": key + "-stop-zh"})

        # English
        rules = context.read_toml(context.path("en_rules_file"), "en_rules_file")
        syllables = set(context.read_lines(context.path("pinyin_file"), "pinyin_file"))
        places_en = [n for r in country_rows for n in r[1].split("|") if n]
        places_en += [p for r in division_rows for p in r[3].split("|") if p and " " not in p or p == "Inner Mongolia"]
        places_en += lexicons.bar_list(rules.get("places"))
        en_titles = sorted(titles_en.ranks, key=len, reverse=True)
        self.nlp_en = spacy.blank("en")
        en_data = EnData(
            org_heads=set(words(rules.get("org_heads"))), org_joiners=set(words(rules.get("org_joiners"))),
            not_names=set(words(rules.get("not_names"))),
            demonyms={a for r in country_rows for a in r[2].split("|") if " " not in a},
            named_orgs=lexicons.bar_list(rules.get("named_orgs")),
            loc_heads=set(words(rules.get("loc_heads"))), loc_before=set(words(rules.get("loc_before"))),
            places=places_en, honorifics=set(words(rules.get("honorifics"))),
            person_verbs=set(words(rules.get("person_verbs"))), titles=en_titles, title_prefixes=titles_en.prefixes,
            surnames={p for p in surnames.values() if p}, syllables=syllables,
            event_heads=set(words(rules.get("event_heads"))), compound_ends=set(words(rules.get("compound_ends"))),
            org_stops=set(words(rules.get("org_stops"))))
        components.SHARED[key + "-en"] = EnRules(en_data, self.nlp_en)
        self.nlp_en.add_pipe("newsclean_en_rules", config={"key": key + "-en"})
        components.SHARED[key + "-stop-en"] = (stoplist, int(context.setting("max_container_en", 80, int)), None)
        self.nlp_en.add_pipe("newsclean_resolve", config={"key": key + "-stop-en"})

    def process(self, doc: Document) -> Document:
        from ..ner.components import ENTITIES, TEXT

        nlp = self.nlp_zh if doc.lang == "zh" else self.nlp_en if doc.lang == "en" else None
        if nlp is None or not doc.text:
            doc.entities = []
            return doc
        sdoc = nlp.make_doc(doc.text)
        sdoc.user_data[TEXT] = doc.text  # before the components: they read the text from here
        sdoc = nlp(sdoc)
        doc.scratch["spacy_doc"] = sdoc
        credited = {n for n in doc.byline.authors + doc.byline.editors + doc.byline.reviewers if n}
        text = doc.text
        doc.entities = [Entity(text[s:e], label, s, e) for s, e, label in sdoc.user_data.get(ENTITIES, [])
                        if not (label == "PERSON" and text[s:e] in credited)]
        return doc

