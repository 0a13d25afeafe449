"""In-process cost of the benchmarked pages (`bench/inprocess.py`; see bench/README.md).

Where `make bench` measures pages under gunicorn with many client threads (noisy on a shared machine), this
asks each page in ONE process through Django's test client, one request at a time, and splits its time into
SQL, template rendering (of which the form renderer) and the rest (middleware, view code, Python). Uses the
database the settings point at (e.g. the bench database: `--sqlite PATH`), which must hold the demo.

    .venv/bin/python bench/inprocess.py --sqlite var/bench25.sqlite3 [--repeat 20] [--only manage/people]
    .venv/bin/python bench/inprocess.py --sqlite var/bench25.sqlite3 --cprofile "/manage/payments/"
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.pages import PAGES, setup_in_process  # noqa: E402


class Meter:
    """Accumulates time spent in SQL, in top-level template renders and in the form renderer."""

    def __init__(self):
        self.local = threading.local()
        self.reset()

    def reset(self):
        self.sql = self.template = self.forms = self.sql_in_template = 0.0
        self.queries = 0

    def sql_wrapper(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.sql += spent
            self.queries += 1
            if getattr(self.local, "template", 0):
                self.sql_in_template += spent  # a lazy queryset evaluated by a template

    def wrap(self, function, attribute: str):
        meter = self

        def wrapped(*args, **kwargs):
            depth = getattr(meter.local, attribute, 0)
            setattr(meter.local, attribute, depth + 1)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                setattr(meter.local, attribute, depth)
                if depth == 0:
                    setattr(meter, attribute, getattr(meter, attribute) + time.perf_counter() - started)

        return wrapped


def print_queries(client, path: str, cold: bool = False) -> int:
    """Each query a request for `path` runs once the cache is warm (or, `cold`, with the cache emptied before
    each request), with its best time over five requests."""
    from django.core.cache import cache
    from django.db import connection

    best: dict[int, tuple[float, str]] = {}
    last: list = []
    for _ in range(5):
        timings: list[tuple[float, str]] = []

        def timed(execute, sql, params, many, context, timings=timings):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timings.append((time.perf_counter() - started, sql))

        if cold:
            cache.clear()
        with connection.execute_wrapper(timed):
            client.get(path)
        for index, (spent, sql) in enumerate(timings):
            if index not in best or spent < best[index][0]:
                best[index] = (spent, sql)
        last = timings
    # The queries of the last request (what a warm cache leaves), each with its best time.
    for index, (spent, sql) in sorted(best.items())[: len(last)]:
        print(f"{index + 1:>3}. {spent * 1000:7.2f} ms  {sql[:400]}")
    return 0


def find_page(wanted: str):
    """The page with this label, else the first with this path ("/" is asked by several roles)."""
    return next((p for p in PAGES if p.label == wanted), None) or next(p for p in PAGES if p.path == wanted)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", help="SQLite file holding the demo (default: DATABASE_URL or settings)")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--only", default="", help="only pages whose path or label contains this")
    parser.add_argument(
        "--cprofile", default="", help="print the cProfile of this page (its label or path; top 35)"
    )
    parser.add_argument(
        "--sql", default="", help="print each query of this page (label or path) with its time (best of 5)"
    )
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative or tottime")
    parser.add_argument(
        "--restrict", default="", help="with --cprofile: only functions whose file or name matches this regex"
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the cache before each timed request: what a page costs when its shared figures are made",
    )
    args = parser.parse_args(argv)

    setup_in_process(BASE_DIR / "var", args.sqlite)
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.forms import renderers
    from django.template.backends import django as django_backend
    from django.test import Client
    from django.utils.module_loading import import_string

    from bench.pages import in_process_clients

    meter = Meter()
    django_backend.Template.render = meter.wrap(django_backend.Template.render, "template")
    renderers.BaseRenderer.render = meter.wrap(renderers.BaseRenderer.render, "forms")
    # The project's renderer writes common fields and widgets itself, without BaseRenderer.render: meter it
    # too (a render inside another is counted once).
    form_renderer = import_string(settings.FORM_RENDERER)
    if "render" in vars(form_renderer):
        form_renderer.render = meter.wrap(form_renderer.render, "forms")

    clients = in_process_clients(Client)
    if args.sql:
        page = find_page(args.sql)
        return print_queries(clients[page.who], page.path, args.cold)
    if args.cprofile:
        page = find_page(args.cprofile)
        client = clients[page.who]
        for _ in range(3):
            client.get(page.path)
        profiler = cProfile.Profile()
        for _ in range(args.repeat):
            if args.cold:
                cache.clear()
            profiler.enable()
            client.get(page.path)
            profiler.disable()
        out = io.StringIO()
        restrictions = [args.restrict, 35] if args.restrict else [35]
        pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(*restrictions)
        print(out.getvalue())
        return 0

    print("| Page | queries | total ms | SQL ms | template ms (no SQL) | (forms ms) | other ms | KiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    with connection.execute_wrapper(meter.sql_wrapper):
        for page in PAGES:
            if args.only and args.only not in page.path and args.only not in page.label:
                continue
            client = clients[page.who]
            response = client.get(page.path)
            if response.status_code != 200:
                print(f"| {page.label} | answered {response.status_code} | | | | | | |")
                continue
            client.get(page.path)
            totals, sqls, templates, forms, counts = [], [], [], [], []
            for _ in range(args.repeat):
                if args.cold:
                    cache.clear()
                meter.reset()
                started = time.perf_counter()
                response = client.get(page.path)
                totals.append(time.perf_counter() - started)
                sqls.append(meter.sql)
                templates.append(meter.template - meter.sql_in_template)
                forms.append(meter.forms)
                counts.append(meter.queries)
            total = statistics.median(totals) * 1000
            sql = statistics.median(sqls) * 1000
            template = statistics.median(templates) * 1000
            form = statistics.median(forms) * 1000
            size = len(response.content) / 1024
            print(
                f"| {page.label} | {max(counts)} | {total:.1f} | {sql:.1f} | {template:.1f} | "
                f"({form:.1f}) | {max(0.0, total - sql - template):.1f} | {size:.0f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
