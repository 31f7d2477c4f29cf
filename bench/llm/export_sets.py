#!/usr/bin/env python3
"""Writes the benchmark's instruction/chat sets as JSON lines {"prompt", "response"} into OUT_DIR.

  templates-instruction  the shipped instruction_following templates (dataset-service's migrations V3, V4),
                         Task/Input/Expected blocks -> prompt "task\\ninput", as TrainingData.pairs does; the guide's
                         template is left out (it holds placeholders, not an example)
  templates-chat         the shipped general_chat templates, one example per assistant turn; a later turn's prompt is
                         the earlier turns "User: ...\\nAssistant: ...\\nUser: ..." (dataset-service's ChatExample)
  chatterbot-tech-support, chatterbot-science
                         question/answer pairs of the PyPI package chatterbot-corpus 1.3.3 (BSD-3), exact duplicates
                         removed, a seeded sample of at most N pairs

usage: export_sets.py ROOT CORPUS_DIR OUT_DIR [N]
"""
import json
import os
import random
import re
import sys

import yaml

root, corpus, out = sys.argv[1], sys.argv[2], sys.argv[3]
limit = int(sys.argv[4]) if len(sys.argv) > 4 else 40
migrations = f"{root}/dataset-service/src/main/resources/db/migration"
# every migration that seeds templates (V3 and later), in version order
versions = {name: int(m.group(1)) for name in os.listdir(migrations) if (m := re.match(r"V(\d+)__.*\.sql$", name))}
sql = "\n".join(open(os.path.join(migrations, name), encoding="utf-8").read() for name in sorted(versions, key=versions.get))
templates = re.findall(r"\('([a-z-]+)', '[^']*', '([a-z_]+)',.*?\$\$(.*?)\$\$", sql, re.S)


def instruction_pairs(text):
    pairs = []
    for block in re.split(r"\n\s*\n", text):
        fields, key = {}, None
        for line in block.split("\n"):
            m = re.match(r"^(Task|Input|Expected):\s?(.*)$", line)
            if m:
                key = m.group(1)
                fields[key] = m.group(2)
            elif key:
                fields[key] += "\n" + line
        if "Task" in fields and "Expected" in fields:
            prompt = fields["Task"].strip()
            if fields.get("Input", "").strip():
                prompt += "\n" + fields["Input"].strip()
            pairs.append({"prompt": prompt, "response": fields["Expected"].strip()})
    return pairs


def chat_pairs(text):
    pairs = []
    for block in re.split(r"\n\s*\n", text):
        turns = []
        for line in block.split("\n"):
            m = re.match(r"^(User|Assistant|Q|A):\s?(.*)$", line)
            if m:
                role = "User" if m.group(1) in ("User", "Q") else "Assistant"
                turns.append([role, m.group(2).strip()])
            elif turns:
                turns[-1][1] += "\n" + line.strip()
        for i, (role, content) in enumerate(turns):
            if role != "Assistant" or i == 0:
                continue
            earlier = turns[:i]
            prompt = earlier[0][1] if len(earlier) == 1 else "\n".join(f"{r}: {c}" for r, c in earlier)
            pairs.append({"prompt": prompt, "response": content})
    return pairs


def write(name, pairs):
    with open(f"{out}/{name}.jsonl", "w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    print(f"{name}: {len(pairs)} pairs")


write("templates-instruction", [p for tid, kind, text in templates if kind == "instruction_following"
                                and tid != "guide-summarize" for p in instruction_pairs(text)])
write("templates-chat", [p for tid, kind, text in templates if kind == "general_chat" for p in chat_pairs(text)])

for name in ("tech_support", "science"):
    data = yaml.safe_load(open(f"{corpus}/chatterbot_corpus/data/english/{name}.yml", encoding="utf-8"))
    seen, pairs = set(), []
    for conv in data["conversations"]:
        if not isinstance(conv, list) or len(conv) < 2:
            continue
        q, a = str(conv[0]).strip(), str(conv[1]).strip()
        if q and a and (q, a) not in seen:
            seen.add((q, a))
            pairs.append({"prompt": q, "response": a})
    random.Random(42).shuffle(pairs)
    write("chatterbot-" + name.replace("_", "-"), pairs[:limit])
