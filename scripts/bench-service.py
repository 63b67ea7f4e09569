#!/usr/bin/env python3
"""Load test of a running `company-ner serve` on loopback: chars/s, latency, errors per model.

Sends the texts of CLUENER dev and CFSC val (as articles) in requests of --batch articles from
--clients concurrent clients, once per model, and checks that every article got a result.
Usage: scripts/bench-service.py --url http://127.0.0.1:8080 --models default,electra [--clients 4] [--batch 16]
"""
import argparse, json, statistics, threading, time, urllib.request
from pathlib import Path

def articles(data):
    out = [json.loads(l)["text"] for l in open(data / "cluener2020/dev.json", encoding="utf-8") if l.strip()]
    out += [r["text"] for r in json.load(open(data / "cfsc_ner/val.json", encoding="utf-8"))]
    return out

def run(url, model, texts, clients, batch):
    chunks = [texts[i:i + batch] for i in range(0, len(texts), batch)]
    lock, latencies, errors, answered = threading.Lock(), [], [0], [0]
    def worker(mine):
        for chunk in mine:
            body = json.dumps({"articles": chunk, "model": model}).encode("utf-8")
            req = urllib.request.Request(url + "/v1/recognize", body, {"Content-Type": "application/json"})
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=120) as r:
                    results = json.loads(r.read())["results"]
                ok = len(results) == len(chunk)
            except Exception:
                ok, results = False, []
            with lock:
                latencies.append((time.perf_counter() - t0) * 1000)
                answered[0] += len(results)
                errors[0] += 0 if ok else 1
    threads = [threading.Thread(target=worker, args=(chunks[k::clients],)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads: t.start()
    for t in threads: t.join()
    seconds = time.perf_counter() - t0
    lat = sorted(latencies)
    return {"model": model, "chars_per_second": round(sum(map(len, texts)) / seconds),
            "requests": len(chunks), "articles": len(texts), "answered": answered[0], "errors": errors[0],
            "p50_ms": round(statistics.median(lat), 1), "p99_ms": round(lat[max(0, int(len(lat) * 0.99) - 1)], 1)}

if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--url", default="http://127.0.0.1:8080")
    p.add_argument("--models", default="default")
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--data", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "data"))
    a = p.parse_args()
    texts = articles(Path(a.data))
    for m in a.models.split(","):
        run(a.url, m, texts[:200], a.clients, a.batch)  # warm-up
        print(json.dumps(run(a.url, m, texts, a.clients, a.batch), ensure_ascii=False))
