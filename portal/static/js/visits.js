// One beacon per page view (docs/statistics.md).
(function () {
    var block = document.querySelector("[data-beacon]");
    if (!block || !window.fetch) { return; }
    function show(name, value) {
        document.querySelectorAll("[data-visits-" + name + "]").forEach(function (el) {
            el.textContent = new Intl.NumberFormat("vi-VN").format(value);
        });
    }
    function send() {
        fetch(block.dataset.beacon, {
            method: "POST", credentials: "same-origin", keepalive: true,
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ page: Number(block.dataset.page) })
        }).then(function (r) { return r.ok ? r.json() : null; }).then(function (d) {
            if (d) { show("total", d.total); show("current", d.current); show("views", d.views); }
        }).catch(function () {});
    }
    // Prerendered: not a view until opened.
    if (document.prerendering) {
        document.addEventListener("prerenderingchange", send, { once: true });
    } else { send(); }
})();
