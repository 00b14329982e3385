// Progressive enhancement only: every page works without this file.
document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
});

// Title suggestions as the reader types, accent-insensitive (GET /api/goi-y/?q=...).
(function () {
    var input = document.getElementById("search-q");
    var list = document.getElementById("search-suggestions");
    if (!input || !list || !window.fetch) { return; }
    var timer = null;
    input.addEventListener("input", function () {
        clearTimeout(timer);
        var text = input.value.trim();
        if (text.length < 2) { list.textContent = ""; return; }
        timer = setTimeout(function () {
            fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(text))
                .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
                .then(function (data) {
                    list.textContent = "";
                    data.suggestions.forEach(function (item) {
                        var option = document.createElement("option");
                        option.value = item.title;
                        list.appendChild(option);
                    });
                })
                .catch(function () { list.textContent = ""; });
        }, 150);
    });
})();
