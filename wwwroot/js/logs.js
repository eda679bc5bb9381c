// The Logs page's scroll watcher: tells .NET when the list leaves or returns to its top (live tail pauses while the
// user reads further down) and when its end comes into view (load older logs). Only changes are reported, so a
// scroll does not flood the circuit.
const watchers = new Map();

export function observe(list, end, dotnet) {
    dispose(list);
    let atTop = true;
    const onScroll = () => {
        const nowAtTop = list.scrollTop < 8;
        if (nowAtTop !== atTop) {
            atTop = nowAtTop;
            dotnet.invokeMethodAsync("OnScrolled", atTop);
        }
    };
    list.addEventListener("scroll", onScroll, { passive: true });
    // The end marker is re-rendered with the rows; watching the list's last child keeps up with it.
    const seen = new IntersectionObserver(entries => {
        if (entries.some(e => e.isIntersecting)) {
            dotnet.invokeMethodAsync("OnEndReached");
        }
    }, { root: list, rootMargin: "200px" });
    const watchEnd = () => {
        seen.disconnect();
        const marker = list.querySelector("[data-testid=logs-end]");
        if (marker) {
            seen.observe(marker);
        }
    };
    const changes = new MutationObserver(watchEnd);
    changes.observe(list, { childList: true });
    watchEnd();
    watchers.set(list, { onScroll, seen, changes });
}

export function scrollToTop(list) {
    list.scrollTo({ top: 0 });
}

export function dispose(list) {
    const watcher = watchers.get(list);
    if (!watcher) {
        return;
    }
    list.removeEventListener("scroll", watcher.onScroll);
    watcher.seen.disconnect();
    watcher.changes.disconnect();
    watchers.delete(list);
}
