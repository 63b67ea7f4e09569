#!/usr/bin/env python3
"""Correction yield of review queues without training: for the top k sentences of each queue (past its end, the rest in
random order, seed 42) and for k random sentences, how many have weak mentions that differ from gold, and how many
gold mentions the weak labels miss they hold.

usage: scripts/review-yield.py GOLD_CLUENER_JSON QUEUE [QUEUE...]   (label 'company'; queue ids = line numbers)
"""
import json
import random
import sys


def gold_spans(record):
    return {(s, e + 1) for spans in record.get('label', {}).get('company', {}).values() for s, e in spans}


def main(gold_file, queues):
    gold = [gold_spans(json.loads(line)) for line in open(gold_file, encoding='utf-8')]
    first = [json.loads(line) for line in open(queues[0], encoding='utf-8')][1:]
    labels = {int(i['id']): {(x['start'], x['end']) for x in i['labels']} for i in first}
    wrong = [gold[i] != labels[i] for i in range(len(gold))]
    missed = [len(gold[i] - labels[i]) for i in range(len(gold))]
    rest = list(range(len(gold)))
    random.Random(42).shuffle(rest)
    orders = {}
    for q in queues:
        items = [json.loads(line) for line in open(q, encoding='utf-8')][1:]
        ranked = [int(i['id']) for i in sorted((i for i in items if i['rank'] > 0), key=lambda i: i['rank'])]
        taken = set(ranked)
        orders[q] = ranked + [i for i in rest if i not in taken]
    orders['random'] = rest
    print('k\t' + '\t'.join(f'{name}: wrong sentences / missed mentions' for name in orders))
    for k in (100, 172, 300, 1000, 2150, 3000):
        print(str(k) + '\t' + '\t'.join(f'{sum(wrong[i] for i in o[:k])} / {sum(missed[i] for i in o[:k])}'
                                         for o in orders.values()))
    print(f'all\t{sum(wrong)} sentences / {sum(missed)} mentions')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
