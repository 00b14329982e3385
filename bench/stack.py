"""The production stack on loopback, started for real: granian processes behind nginx with deploy/'s own site.

Used by `make bench` (bench/production.py) and by the stack tests (tests/deploy/). PostgreSQL and Redis are the
machine's own; nginx, the application processes, a self-signed certificate and every path live in one work folder.
deploy/nginx/portal.conf is rendered with that folder's paths and loopback ports and nothing else changed, so what
is measured and tested is the site an IT department installs.
"""

import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX_SITE = ROOT / "deploy" / "nginx" / "portal.conf"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432/"
HOST = "127.0.0.1"
# The name clients use (the demo's Site is localhost): nginx refuses a TLS handshake without a known name (SNI), and
# clients send none for a bare address.
SITE_NAME = "localhost"
# The cached article is compared with nginx serving the same bytes as a file, from the same server block.
STATIC_REFERENCE = "/__tham-chieu/article.html"


def require(*programs):
    missing = [name for name in programs if shutil.which(name) is None]
    if missing:
        sys.exit(f"Thiếu chương trình: {', '.join(missing)}. Cài bằng: apt-get install -y {' '.join(missing)}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def psql(database, *commands, server=POSTGRES_SERVER):
    arguments = ["psql", server + database, "-qAt", "-v", "ON_ERROR_STOP=1"]
    for command in commands:
        arguments += ["-c", command]
    return subprocess.run(arguments, check=True, capture_output=True, text=True).stdout.strip()


def insecure_tls():
    """The stack's certificate is self-signed for 127.0.0.1."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def render_site(work: Path, https_port: int, http_port: int, app_ports) -> str:
    """deploy/nginx/portal.conf with this stack's folder, certificate, names and ports; fails loudly if the site's
    shape changed (each pattern must be found exactly as often as it is written here)."""
    site = NGINX_SITE.read_text(encoding="utf-8")
    servers = "".join(f"    server {HOST}:{port} max_fails=0;\n" for port in app_ports)
    replacements = [
        (r"(upstream portal_app \{\n)(?:    server [^\n]+\n)+", rf"\g<1>{servers}", 1),
        (r"/var/cache/nginx/portal", str(work / "nginx-cache"), 1),
        (r"/srv/portal/var/", f"{work}/var/", 2),
        (r"/etc/ssl/certs/portal\.example\.gov\.vn\.pem", str(work / "tls.pem"), 1),
        (r"/etc/ssl/private/portal\.example\.gov\.vn\.key", str(work / "tls.key"), 1),
        # The default servers (refusing other names) and the portal's own, on loopback ports.
        (r"listen 80( default_server)?;", rf"listen {HOST}:{http_port}\1;", 2),
        (r"listen 443 ssl http2( default_server)?;", rf"listen {HOST}:{https_port} ssl http2\1;", 2),
        (r"\n *listen \[::\]:[^\n]+", "", 4),
        (r"server_name portal\.example\.gov\.vn;", f"server_name {SITE_NAME} {HOST};", 2),
        # The static reference: the same article bytes as a file, served by the same server block.
        (
            r"(\n    location /static/ \{)",
            f"\n    location = {STATIC_REFERENCE} {{\n        alias {work}/reference/article.html;\n    }}\\1",
            1,
        ),
    ]
    for pattern, replacement, expected in replacements:
        site, count = re.subn(pattern, replacement, site)
        if count != expected:
            raise RuntimeError(
                f"deploy/nginx/portal.conf has {pattern!r} {count} times, not {expected}: update bench/stack.py"
            )
    return site


def nginx_main_config(work: Path) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    access_log off;
    client_body_temp_path {work}/nginx-temp/body;
    proxy_temp_path {work}/nginx-temp/proxy;
    fastcgi_temp_path {work}/nginx-temp/fastcgi;
    uwsgi_temp_path {work}/nginx-temp/uwsgi;
    scgi_temp_path {work}/nginx-temp/scgi;
    # Load generators send each simulated reader's address in X-Real-IP, as if they were many machines.
    set_real_ip_from 127.0.0.1;
    real_ip_header X-Real-IP;
    include {work}/site.conf;
}}
"""


class StartedWhileEntered:
    """A context manager that runs ``start`` on entry and ``stop`` on exit, and also when starting fails halfway
    (whatever was already running is stopped)."""

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()


class Stack(StartedWhileEntered):
    """PostgreSQL database ``database`` (already migrated and loaded) on ``postgres_server`` (the machine's by
    default), Redis database ``redis_db``, ``processes`` granian processes and nginx in front of them. Use as a
    context manager; everything stops on exit."""

    def __init__(
        self,
        work: Path,
        database: str,
        redis_db: int = 13,
        processes: int = 2,
        extra_env=None,
        postgres_server: str = POSTGRES_SERVER,
    ):
        self.work = Path(work)
        self.database = database
        self.postgres_server = postgres_server
        self.redis_url = f"redis://{HOST}:6379/{redis_db}"
        self.app_ports = [free_port() for _ in range(processes)]
        self.https_port = free_port()
        self.http_port = free_port()
        self.apps: dict[int, subprocess.Popen] = {}
        self.nginx = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "bench-only-" + uuid.uuid4().hex,
            "DATABASE_URL": postgres_server + database,
            "REDIS_URL": self.redis_url,
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "PORTAL_VAR_DIR": str(self.work / "var"),
            "PORTAL_CLIENT_ADDRESS_HEADER": "HTTP_X_REAL_IP",
            "PORTAL_TRUSTED_PROXIES": "127.0.0.1,::1",  # nginx, on loopback; nothing else is believed
            "PORTAL_VISITS_BACKEND": "redis",
            "PORTAL_VISITS_REDIS_PREFIX": f"stack:{uuid.uuid4().hex}",
            "PYTHONPATH": str(ROOT),
            **(extra_env or {}),
        }

    # Addresses
    @property
    def site_url(self):
        return f"https://{SITE_NAME}:{self.https_port}"

    def app_url(self, port=None):
        return f"http://{HOST}:{port or self.app_ports[0]}"

    # Lifecycle
    def start(self):
        for folder in ("var", "nginx-cache", "nginx-temp", "reference"):
            (self.work / folder).mkdir(parents=True, exist_ok=True)
        self.manage("collectstatic", "--no-input", "-v0")
        for port in self.app_ports:
            self.start_app(port)
        self.start_nginx()

    def stop(self):
        if self.nginx and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful
            self.nginx.wait(timeout=30)
        for port in list(self.apps):
            self.stop_app(port)

    def manage(self, *arguments, **kwargs):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            env=self.env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            **kwargs,
        ).stdout

    def django(self, code: str) -> str:
        """Run ``code`` in a fresh process with the stack's settings; returns the last line it printed."""
        printed = self.manage("shell", "--no-imports", "-c", code).strip().splitlines()
        return printed[-1] if printed else ""

    # Application processes
    def start_app(self, port):
        # The command systemd runs (deploy/systemd/portal@.service): portal/delivery/appserver.py's granian line.
        process = subprocess.Popen(
            [sys.executable, "-m", "portal.delivery.appserver", "--port", str(port)], env=self.env, cwd=ROOT
        )
        self.apps[port] = process
        self.wait_for_app(port)
        return process

    def wait_for_app(self, port, seconds=60):
        deadline = time.monotonic() + seconds
        request = urllib.request.Request(f"{self.app_url(port)}/robots.txt", headers={"X-Forwarded-Proto": "https"})
        while time.monotonic() < deadline:
            if self.apps[port].poll() is not None:
                raise RuntimeError(f"the application on port {port} exited with {self.apps[port].returncode}")
            try:
                urllib.request.urlopen(request, timeout=2).read()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the application on port {port} did not answer in {seconds} s")

    def stop_app(self, port):
        """Graceful stop (SIGTERM, what systemd sends): granian finishes the requests it holds."""
        process = self.apps.pop(port)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return process.returncode

    def restart_app(self, port):
        """`systemctl restart portal@PORT`: stop gracefully, start, wait until it answers."""
        code = self.stop_app(port)
        self.start_app(port)
        return code

    def worker_rss_mb(self) -> dict[int, float]:
        """Resident memory of each port's granian worker (the process that runs Django), in MB."""
        sizes = {}
        for port, process in self.apps.items():
            pids = [process.pid, *children(process.pid)]
            sizes[port] = max(rss_mb(pid) for pid in pids)
        return sizes

    # nginx
    def start_nginx(self):
        (self.work / "tls.key").unlink(missing_ok=True)
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                f"/CN={HOST}",
                "-keyout",
                str(self.work / "tls.key"),
                "-out",
                str(self.work / "tls.pem"),
            ],
            check=True,
            capture_output=True,
        )
        (self.work / "site.conf").write_text(
            render_site(self.work, self.https_port, self.http_port, self.app_ports), encoding="utf-8"
        )
        (self.work / "nginx.conf").write_text(nginx_main_config(self.work), encoding="utf-8")
        config = ["nginx", "-c", str(self.work / "nginx.conf"), "-p", str(self.work)]
        subprocess.run([*config, "-t", "-q"], check=True, capture_output=True)
        self.nginx = subprocess.Popen([*config, "-g", "daemon off;"])
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection((HOST, self.https_port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start: see " + str(self.work / "nginx-error.log"))

    def reload_nginx(self):
        self.nginx.send_signal(signal.SIGHUP)

    def fetch(self, path, via="nginx", headers=None, data=None, method=None):
        """(status, headers, body) of one request, through nginx (HTTPS) or straight to the first app process."""
        headers = dict(headers or {})
        if via == "nginx":
            url, context = self.site_url + path, insecure_tls()
        else:
            url, context = self.app_url(via if isinstance(via, int) else None) + path, None
            headers.setdefault("X-Forwarded-Proto", "https")  # what nginx adds
            headers.setdefault("X-Real-IP", HOST)
        request = urllib.request.Request(url, headers=headers, data=data, method=method)
        opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect())
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def children(pid) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found + [grandchild for child in found for grandchild in children(child)]


def rss_mb(pid) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
