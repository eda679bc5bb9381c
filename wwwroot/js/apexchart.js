// Thin interop over ApexCharts (npm apexcharts 4.7.0, MIT): create, update series, dispose.
// Charts live in a map keyed by an id the .NET side owns, so a re-render never creates a second chart.
const charts = new Map();

export function create(id, element, options) {
    destroy(id);
    const chart = new ApexCharts(element, options);
    charts.set(id, chart);
    return chart.render();
}

export function updateSeries(id, series, options) {
    const chart = charts.get(id);
    if (!chart) {
        return Promise.resolve(false);
    }
    if (options) {
        // Options first without redraw, then the data redraws once.
        chart.updateOptions(options, false, false, false);
    }
    return chart.updateSeries(series, false).then(() => true);
}

export function destroy(id) {
    const chart = charts.get(id);
    if (chart) {
        chart.destroy();
        charts.delete(id);
    }
}
