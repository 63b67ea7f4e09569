#!/usr/bin/env python3
"""Partial-label check data (issue 11): CLUENER train with 30 % of its company mentions deleted.

Deterministic (random.Random(20261202), file order). Holds out 10 % of the sentences as a gold dev set
for early stopping, then writes, for the other 90 %, in company-ner's JSONL (code-point offsets):
  train-gold.jsonl          every company mention
  train-del30-plain.jsonl   30 % of the mentions deleted: their characters look like O
  train-del30-partial.jsonl the same deletions, the deleted mentions' characters listed as "unknown"
  dev-gold.jsonl            the held-out 10 %, every mention
Usage: scripts/delete-mentions.py ../shared/data/cluener2020/train.json OUT_DIR [share]
"""
import json
import os
import random
import sys


def main():
    src, out = sys.argv[1], sys.argv[2]
    share = float(sys.argv[3]) if len(sys.argv) > 3 else 0.3
    rng = random.Random(20261202)
    os.makedirs(out, exist_ok=True)
    files = {k: open(os.path.join(out, k + '.jsonl'), 'w', encoding='utf-8')
             for k in ('train-gold', 'train-del30-plain', 'train-del30-partial', 'dev-gold')}
    kept = deleted = sentences = 0
    with open(src, encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            text = row['text']
            spans = sorted({(s, e + 1) for positions in row.get('label', {}).get('company', {}).values()
                            for s, e in positions})
            ents = [{'start': s, 'end': e, 'text': text[s:e], 'type': 'COMPANY', 'score': 1.0} for s, e in spans]
            if rng.random() < 0.1:
                write(files['dev-gold'], text, ents, [])
                continue
            sentences += 1
            write(files['train-gold'], text, ents, [])
            keep, gone = [], []
            for e in ents:
                (gone if rng.random() < share else keep).append(e)
            kept += len(keep)
            deleted += len(gone)
            write(files['train-del30-plain'], text, keep, [])
            write(files['train-del30-partial'], text, keep, [[e['start'], e['end']] for e in gone])
    for f in files.values():
        f.close()
    print(f'{sentences} training sentences: {kept} mentions kept, {deleted} deleted '
          f'({deleted / max(1, kept + deleted):.1%})', file=sys.stderr)


def write(f, text, ents, unknown):
    row = {'text': text, 'entities': ents}
    if unknown:
        row['unknown'] = unknown
    f.write(json.dumps(row, ensure_ascii=False) + '\n')


if __name__ == '__main__':
    main()
