// Thin interop over ApexCharts (npm apexcharts 4.7.0, MIT): create, update series, dispose.
// Charts live in a map keyed by an id the .NET side owns, so a re-render never creates a second chart.
//
// Redraws are expensive (ApexCharts draws a heatmap as one SVG rect per cell and forces a layout for each),
// so updates are queued, not drawn on arrival: each chart keeps only its newest pending update, charts are
// redrawn one at a time in turn, and after each redraw the main thread is left free for half as long as the
// redraw took (clicks, typing and Blazor's own rendering get a third of it at worst). A slow or busy browser
// then shows fresher data less often instead of falling ever further behind.
const charts = new Map();
const pending = new Map();
let pumping = false;

export function create(id, element, options) {
    destroy(id);
    const mode = pageMode(element);
    const chart = new ApexCharts(element, { ...options, theme: { ...options.theme, mode } });
    charts.set(id, { chart, element, mode, liveOptions: null });
    return chart.render();
}

export function updateSeries(id, series, options) {
    if (!charts.has(id)) {
        return false;
    }
    // A chart already waiting keeps its place in the queue (Map.set keeps insertion order), so charts take
    // turns: moving it to the back would starve every chart but the one whose update arrives first.
    pending.set(id, { series, options });
    pump();
    return true;
}

export function destroy(id) {
    pending.delete(id);
    const entry = charts.get(id);
    if (entry) {
        charts.delete(id);
        entry.chart.destroy();
    }
}

async function pump() {
    if (pumping) {
        return;
    }
    pumping = true;
    try {
        while (pending.size > 0) {
            const [id, update] = pending.entries().next().value;
            pending.delete(id);
            const started = performance.now();
            await redraw(id, update);
            await new Promise(resolve => setTimeout(resolve, (performance.now() - started) / 2));
        }
    } finally {
        pumping = false;
    }
}

// ApexCharts shades heatmap cells towards white in its light mode and towards black in its dark mode, so
// quiet cells only blend into the card when the chart follows the console's theme. The host's text colour
// says which theme MudBlazor applied (light text: dark theme); the next redraw picks up a theme switch.
function pageMode(element) {
    const [r, g, b] = (getComputedStyle(element).color.match(/[\d.]+/g) ?? [0, 0, 0]).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 128 ? "dark" : "light";
}

async function redraw(id, { series, options }) {
    const entry = charts.get(id);
    if (!entry) {
        return;
    }
    try {
        // updateOptions redraws the whole chart, so live options ride along with the series in that one
        // redraw, and only when they changed.
        const liveOptions = options ? JSON.stringify(options) : null;
        const mode = pageMode(entry.element);
        if ((liveOptions && liveOptions !== entry.liveOptions) || mode !== entry.mode) {
            entry.liveOptions = liveOptions;
            entry.mode = mode;
            await entry.chart.updateOptions({ ...options, theme: { mode }, series }, false, false, false);
        } else {
            await entry.chart.updateSeries(series, false);
        }
    } catch (error) {
        console.error(`chart ${id} could not be redrawn`, error);
    }
}
