// Browser helpers for the Traces pages: clipboard, the waterfall minimap's viewport, and clicks on the
// duration scatter. Loaded as a module by the components that need it.

export async function copyText(text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        // No clipboard permission (plain http, or a headless browser): fall back to a hidden selection.
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let copied = false;
    try {
        copied = document.execCommand("copy");
    } catch {
        copied = false;
    }
    area.remove();
    return copied;
}

// The minimap stands for every row; the rectangle over it is what the scroller shows. Dragging or clicking on
// the minimap scrolls there. Done in the browser because a round trip per pointer move would lag.
export function bindMinimap(minimap, scroller) {
    if (!minimap || !scroller || minimap.dataset.bound === "true") {
        return;
    }
    minimap.dataset.bound = "true";
    const viewport = minimap.querySelector(".wf-minimap-viewport");
    const update = () => {
        const height = scroller.scrollHeight || 1;
        viewport.style.top = (scroller.scrollTop / height * 100) + "%";
        viewport.style.height = Math.max(2, scroller.clientHeight / height * 100) + "%";
    };
    const scrollTo = (event) => {
        const box = minimap.getBoundingClientRect();
        const fraction = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
        scroller.scrollTop = fraction * scroller.scrollHeight - scroller.clientHeight / 2;
    };
    let dragging = false;
    minimap.addEventListener("pointerdown", (event) => {
        dragging = true;
        minimap.setPointerCapture(event.pointerId);
        scrollTo(event);
    });
    minimap.addEventListener("pointermove", (event) => dragging && scrollTo(event));
    minimap.addEventListener("pointerup", () => { dragging = false; });
    minimap.addEventListener("pointercancel", () => { dragging = false; });
    scroller.addEventListener("scroll", update, { passive: true });
    new ResizeObserver(update).observe(scroller);
    new MutationObserver(update).observe(scroller, { childList: true, subtree: true });
    update();
}

// ApexCharts cannot take a click handler as JSON, so clicks are caught on the host: each marker carries its
// series ("index") and point ("rel"), which map to the trace ids the .NET side handed over.
export function bindScatter(host, idsBySeries) {
    if (!host) {
        return;
    }
    host.traceIds = idsBySeries;
    if (host.dataset.bound === "true") {
        return;
    }
    host.dataset.bound = "true";
    host.addEventListener("click", (event) => {
        const marker = event.target.closest?.(".apexcharts-marker");
        if (!marker) {
            return;
        }
        const id = host.traceIds?.[Number(marker.getAttribute("index"))]?.[Number(marker.getAttribute("rel"))];
        if (id) {
            Blazor.navigateTo("traces/" + id);
        }
    });
}
