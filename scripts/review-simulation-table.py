#!/usr/bin/env python3
"""Markdown table of the simulated reviewer (docs/RESULTS.md, issue 15) from OUT/results.tsv and OUT/sets/summary.txt.

usage: scripts/review-simulation-table.py [OUT]   (default runs/review-sim)
"""
import csv, json, os, sys
out = sys.argv[1] if len(sys.argv) > 1 else 'runs/review-sim'
rows = {}
for r in csv.DictReader(open(f'{out}/results.tsv'), delimiter='\t'):
    rows[(r['arm'], int(r['k']))] = r
weak = float(rows[('weak', 0)]['f1']) if ('weak', 0) in rows else None
gold = float(rows[('gold', 10748)]['f1']) if ('gold', 10748) in rows else None
summary = {}
for l in open(f'{out}/sets/summary.txt'):
    name = os.path.basename(l.split(':')[0]).replace('.jsonl', '')
    summary[name] = l.split(': ', 1)[1].strip()
ks = [172, 300, 1000, 100, 3000]
lines = []
lines.append('| k reviewed | ranked: dev P / R / F1 | ranked: gap recovered | ranked: sentences changed | random: dev P / R / F1 | random: gap recovered | random: sentences changed |')
lines.append('|---|---|---|---|---|---|---|')
def cell(arm, k):
    r = rows.get((arm, k))
    if r is None:
        return 'running / pending', '', ''
    f = float(r['f1'])
    gap = '' if weak is None or gold is None else f'{100*(f-weak)/(gold-weak):.0f} %'
    return f"{float(r['precision']):.3f} / {float(r['recall']):.3f} / **{f:.3f}**", gap, ''
for k in sorted(ks):
    a = cell('ranked', k); b = cell('random', k)
    ch_r = summary.get(f'ranked-{k}', '').split(', ')[-1].replace(' changed', '')
    ch_n = summary.get(f'random-{k}', '').split(', ')[-1].replace(' changed', '')
    label = f'{k:,}' + (' (top 20 % of the queue)' if k == 172 else '') + (' (all 863 queued + 137 random)' if k == 1000 else '') + (' (all 863 queued + 2,137 random)' if k == 3000 else '')
    lines.append(f'| {label} | {a[0]} | {a[1]} | {ch_r} of {k:,} | {b[0]} | {b[1]} | {ch_n} of {k:,} |')
print('\n'.join(lines))
print()
for arm in ('weak', 'gold'):
    r = [v for (a, k), v in rows.items() if a == arm]
    if r:
        r = r[0]; print(f"{arm}: P {float(r['precision']):.3f} R {float(r['recall']):.3f} F1 {float(r['f1']):.3f}")
