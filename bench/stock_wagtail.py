"""The peer `make bench` measures the portal against: a stock Wagtail project holding the seed article.

    .venv/bin/python bench/stock_wagtail.py [--seconds 10] [--connections 8] [--keep]

Built in a temporary folder at bench time: `wagtail start` (the project template that ships with Wagtail, no
network), plus one app from bench/stock_wagtail_files/ (an ArticlePage model with title, date, lead and a rich-text
body, its template, and a command adding the seed article read from the portal's own fixture, the file load_demo
reads), `makemigrations` and `migrate` on SQLite, `collectstatic`, and the template's production settings (DEBUG
off) with a generated SECRET_KEY and loopback ALLOWED_HOSTS. gunicorn serves it with 4 sync workers on a loopback
port. The page must answer 200 with the seed title before anything is measured; the folder is removed on exit.
Run alone, it prints wrk's figures for the article, measured as production.py measures the portal's uncached one.
"""

import argparse
import html
import json
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from stack import HOST, ROOT, StartedWhileEntered, free_port

FILES = Path(__file__).resolve().parent / "stock_wagtail_files"
# The seed article as portal/news/demo_content.py's read_seed() reads it for load_demo.
SEED_FILE = ROOT / "portal" / "news" / "fixtures" / "seed_article.json"
PROJECT = "stockwagtail"
WORKERS = 4
STEP_TIMEOUT = 300  # seconds for any one build step (wagtail start, migrate, collectstatic, ...)
START_TIMEOUT = 60  # seconds for gunicorn to answer


class StockWagtailError(RuntimeError):
    pass


class StockWagtail(StartedWhileEntered):
    """Build, start and stop the stock project; use as a context manager. ``article_url`` is the page to measure."""

    def __init__(self, workers: int = WORKERS, keep: bool = False):
        self.workers = workers
        self.keep = keep
        self.folder: Path | None = None
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log_file = None
        self.article_path = ""
        self.page_bytes = 0
        self.seed_title = json.loads(SEED_FILE.read_text(encoding="utf-8"))["title"]
        bin_folder = Path(sys.executable).parent
        self.wagtail = bin_folder / "wagtail"
        self.gunicorn = bin_folder / "gunicorn"
        self.env = {
            "PATH": f"{bin_folder}:/usr/bin:/bin",
            "HOME": tempfile.gettempdir(),
            "LANG": "C.UTF-8",
            "DJANGO_SETTINGS_MODULE": f"{PROJECT}.settings.production",
            "STOCK_WAGTAIL_SECRET_KEY": secrets.token_urlsafe(50),
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    @property
    def article_url(self) -> str:
        return f"http://{HOST}:{self.port}{self.article_path}"

    def run(self, *command, cwd=None) -> str:
        try:
            done = subprocess.run(
                [str(part) for part in command],
                cwd=cwd or self.folder,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=STEP_TIMEOUT,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise StockWagtailError(f"stock Wagtail: {' '.join(map(str, command))} failed: {error}") from error
        if done.returncode != 0:
            raise StockWagtailError(
                f"stock Wagtail: {' '.join(map(str, command))} exited with {done.returncode}:\n"
                f"{done.stdout[-2000:]}{done.stderr[-4000:]}"
            )
        return done.stdout

    def build(self):
        for program in (self.wagtail, self.gunicorn):
            if not program.exists():
                raise StockWagtailError(f"stock Wagtail: {program} not found (make venv installs it)")
        self.folder = Path(tempfile.mkdtemp(prefix="stock-wagtail-"))
        self.run(self.wagtail, "start", PROJECT, self.folder)
        shutil.copytree(FILES / "articles", self.folder / "articles")
        shutil.copy(FILES / "local.py", self.folder / PROJECT / "settings" / "local.py")
        manage = [sys.executable, "manage.py"]
        self.run(*manage, "makemigrations", "articles", "-v0")
        self.run(*manage, "migrate", "--no-input", "-v0")
        self.run(*manage, "collectstatic", "--no-input", "-v0")
        self.article_path = self.run(*manage, "load_seed", SEED_FILE).strip().splitlines()[-1]

    def start(self):
        """Build the project, start gunicorn and check that the article answers (``with StockWagtail() as peer``)."""
        self.build()
        self.serve()
        self.check()

    def serve(self):
        self.log_file = open(self.folder / "gunicorn.log", "wb")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [
                str(self.gunicorn),
                f"{PROJECT}.wsgi:application",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--bind",
                f"{HOST}:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=self.folder,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log_file,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StockWagtailError(
                    f"stock Wagtail: gunicorn exited with {self.process.returncode}:\n{self.log()[-4000:]}"
                )
            try:
                urllib.request.urlopen(f"http://{HOST}:{self.port}/", timeout=2).read()
                return
            except urllib.error.HTTPError:
                return  # it answers; check() says whether the article is right
            except OSError:
                time.sleep(0.2)
        raise StockWagtailError(f"stock Wagtail: gunicorn did not answer in {START_TIMEOUT} s:\n{self.log()[-4000:]}")

    def check(self):
        """The article answers 200 and shows the seed title, or nothing is measured."""
        try:
            with urllib.request.urlopen(self.article_url, timeout=30) as response:
                status, body = response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            status, body = error.code, ""
        if status != 200:
            raise StockWagtailError(f"stock Wagtail: {self.article_url} answered {status}, not 200:\n{self.log()}")
        if html.escape(self.seed_title) not in body:
            raise StockWagtailError(f"stock Wagtail: {self.article_url} does not show the seed article's title")
        self.page_bytes = len(body.encode("utf-8"))

    def log(self) -> str:
        path = self.folder / "gunicorn.log" if self.folder else None
        return path.read_text(errors="replace") if path and path.exists() else ""

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()  # gunicorn: graceful stop of every worker
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log_file:
            self.log_file.close()
        if self.folder and not self.keep:
            shutil.rmtree(self.folder, ignore_errors=True)


def main():
    from production import measure_stock_wagtail, require

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk time")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (production.py's app default)")
    parser.add_argument("--keep", action="store_true", help="keep the project's folder (its path is printed)")
    args = parser.parse_args()
    require("wrk")
    started = time.monotonic()
    with StockWagtail(keep=args.keep) as stock:
        print(f"stock Wagtail built and started in {time.monotonic() - started:.1f} s: {stock.article_url}", flush=True)
        if args.keep:
            print(f"folder: {stock.folder}")
        result = measure_stock_wagtail(stock, args.seconds, args.connections)  # prints its line
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
