// Vietnamese slugs in the Wagtail editor: "Đà Nẵng" -> "da-nang", the same rule as portal.core.text.slugify_vi.
(function () {
    "use strict";
    function slugifyVi(text) {
        return text
            .normalize("NFD")
            .replace(/[\u0300-\u036f]/g, "")
            .replace(/đ/g, "d")
            .replace(/Đ/g, "D")
            .toLowerCase()
            .replace(/[^\w\s-]+/g, " ")
            .trim()
            .replace(/[-\s]+/g, "-")
            .replace(/^[-_]+|[-_]+$/g, "")
            .substring(0, 255);
    }
    // Wagtail's slug controller announces every value it writes; put the Vietnamese form in its place.
    document.addEventListener("w-slug:applied", function (event) {
        var source = event.detail && event.detail.sourceValue;
        if (typeof source === "string" && source.trim()) {
            var slug = slugifyVi(source);
            if (slug) {
                event.target.value = slug;
            }
        }
    });
    window.portalSlugifyVi = slugifyVi;
})();
