using static HmsOps.Integration.Tests.PromQL.DifferentialDataSet;

namespace HmsOps.Integration.Tests.PromQL;

/// <summary>
/// The queries both engines answer. Times are seconds after <see cref="DifferentialFixture.BaseMs"/>; the data spans
/// [0, 5400). Rows marked empty are expected to return nothing from Prometheus; every other row must return data,
/// so that no comparison passes by both sides being empty.
/// </summary>
public static class DifferentialQueries
{
    private const int T = 3600;

    /// <summary>Sensor "a" holds NaN here, sensor "b" +Inf at <see cref="AtPlusInf"/> and -Inf at <see cref="AtMinusInf"/>.</summary>
    private const int AtNaN = 3410;
    private const int AtPlusInf = 3500;
    private const int AtMinusInf = 3760;

    private const string Rate5m = "rate(http_requests_total[5m])";
    private const string BucketRate = "rate(http_request_duration_seconds_bucket[5m])";
    private const string SilentCounter = "http_requests_total{service=\"api\",instance=\"i1\",method=\"POST\",code=\"500\"}";

    /// <summary>query, seconds after base, expect an empty result.</summary>
    public static TheoryData<string, double, bool> Instant => new()
    {
        // Literals and scalar arithmetic.
        { "42", T, false },
        { "-3.5e2", T, false },
        { "0x1F", T, false },
        { "Inf", T, false },
        { "\"hello world\"", T, false },
        { "2 ^ 3 ^ 2", T, false },
        { "5 - 2 * 3 / 4", T, false },
        { "-7 % 3", T, false },
        { "1 / 0", T, false },
        { "0 / 0", T, false },
        { "2 > bool 3", T, false },
        { "1 == bool 1", T, false },

        // Selectors and matchers.
        { "http_requests_total", T, false },
        { "http_requests_total{service=\"api\"}", T, false },
        { "http_requests_total{code!=\"200\"}", T, false },
        { "http_requests_total{service=~\"a.*\"}", T, false },
        { "http_requests_total{service!~\"a.*\",method=\"GET\"}", T, false },
        { "http_requests_total{instance=~\"i1|i2\",code=~\"5..\"}", T, false },
        { "{__name__=\"temperature_celsius\"}", T, false },
        { "{__name__=~\"temperature_celsius|sensor_reading\"}", T, false },
        { "{__name__=~\"job:.*\"}", T, false },
        { "job:http_requests:rate5m{service!=\"web\"}", T, false },
        { "temperature_celsius{nonexistent=\"\"}", T, false },
        { "temperature_celsius{site=\"nowhere\"}", T, true },
        { "sensor_reading", AtNaN, false },
        { "sensor_reading", AtPlusInf, false },
        { "sensor_reading", AtMinusInf, false },

        // Offset.
        { "temperature_celsius offset 10m", T, false },
        { "temperature_celsius offset -5m", T, false },
        { "http_requests_total{service=\"web\"} offset 50m", T, false },
        { "rate(http_requests_total[5m] offset 5m)", T, false },

        // Lookback edges: w2 stops at 2370 and is back at 3300, w3 stops at 3570, w4 starts at 1800.
        { "worker_up", WorkerGapStart - 30 + 300, false },
        { "worker_up", WorkerGapStart - 30 + 301, false },
        { "worker_up", WorkerGapEnd, false },
        { "worker_up", WorkerStopLast + 300, false },
        { "worker_up", WorkerStopLast + 301, false },
        { "worker_up{worker=\"w4\"}", WorkerStart - 1, true },
        { "worker_up{worker=\"w4\"}", WorkerStart, false },
        { "count(worker_up)", WorkerStopLast + 299, false },

        // Range functions.
        { Rate5m, T, false },
        { "rate(http_requests_total{service=\"web\",instance=\"i2\"}[5m])", 2300, false },
        { "rate(http_requests_total[20s])", T + 7, false },
        { "irate(http_requests_total[1m])", T, false },
        { "increase(http_requests_total[10m])", T, false },
        { "increase(http_requests_total{service=\"auth\",instance=\"i1\"}[3m])", 3060, false },
        { $"rate({SilentCounter}[5m])", 3900, true },
        { $"increase({SilentCounter}[15m])", 4300, false },
        { "delta(temperature_celsius[10m])", T, false },
        { "idelta(temperature_celsius[2m])", T, false },
        { "delta(sensor_reading[5m])", T, false },
        { "idelta(sensor_reading[1m])", AtPlusInf, false },
        { "avg_over_time(temperature_celsius[10m])", T, false },
        { "min_over_time(sensor_reading[5m])", T, false },
        { "max_over_time(sensor_reading[5m])", T, false },
        { "avg_over_time(sensor_reading[5m])", T, false },
        { "sum_over_time(worker_up[10m])", T, false },
        { "count_over_time(worker_up[10m])", 2600, false },
        { "last_over_time(worker_up[10m])", 2700, false },
        { "quantile_over_time(0.9, temperature_celsius[15m])", T, false },
        { "quantile_over_time(0.5, sensor_reading[5m])", T, false },
        { "quantile_over_time(1.5, temperature_celsius[5m])", T, false },

        // Subqueries.
        { "max_over_time(rate(http_requests_total[1m])[5m:1m])", T, false },
        { "avg_over_time(temperature_celsius[10m:])", T + 13, false },
        { "rate(http_requests_total{service=\"api\"}[5m:30s])", T, false },
        { "min_over_time(sum by (service) (rate(http_requests_total[5m]))[30m:2m] offset 10m)", T, false },
        { "sum_over_time(worker_up[10m:45s])", T + 7, false },
        { "last_over_time(sensor_reading[7m:1m])", T, false },

        // histogram_quantile.
        { $"histogram_quantile(0.9, {BucketRate})", T, false },
        { $"histogram_quantile(0.5, sum by (le, service) ({BucketRate}))", T, false },
        { $"histogram_quantile(0, sum by (le) ({BucketRate}))", T, false },
        { $"histogram_quantile(1, sum by (le) ({BucketRate}))", T, false },
        { $"histogram_quantile(-1, sum by (le, service) ({BucketRate}))", T, false },
        { $"histogram_quantile(2, sum by (le, service) ({BucketRate}))", T, false },
        { "histogram_quantile(0.95, sum without (instance) (rate(http_request_duration_seconds_bucket[10m])))", 2750, false },
        { "histogram_quantile(0.5, rate(http_request_duration_seconds_bucket{service=\"auth\",instance=\"i2\"}[5m]))", 1900, false },

        // Elementwise functions.
        { "abs(temperature_celsius)", T, false },
        { "ceil(temperature_celsius)", T, false },
        { "floor(sensor_reading)", AtPlusInf, false },
        { "round(temperature_celsius)", T, false },
        { "round(temperature_celsius, 0.5)", T, false },
        { "round(sensor_reading, 5)", T, false },
        { "round(vector(-2.5))", T, false },
        { "round(vector(2.5))", T, false },
        { "clamp(temperature_celsius, -5, 10)", T, false },
        { "clamp(temperature_celsius, 10, -5)", T, true },
        { "clamp_min(sensor_reading, 0)", AtMinusInf, false },
        { "clamp_max(sensor_reading, 0)", AtPlusInf, false },
        { "scalar(sum(temperature_celsius))", T, false },
        { "scalar(temperature_celsius)", T, false },
        { "vector(1)", T, false },
        { "vector(scalar(count(worker_up)))", T, false },
        { "time()", T, false },
        { "time() - 60", T + 5, false },
        { "timestamp(worker_up)", T + 20, false },
        { "timestamp(temperature_celsius offset 5m)", T + 10, false },
        { "absent(nonexistent_metric)", T, false },
        { "absent(nonexistent_metric{job=\"x\",instance=~\"y\"})", T, false },
        { "absent(temperature_celsius)", T, true },
        { "absent(worker_up{worker=\"w3\"})", WorkerStopLast + 300, true },
        { "absent(worker_up{worker=\"w3\"})", WorkerStopLast + 301, false },
        { "absent(sum(nonexistent_metric))", T, false },
        { "label_replace(temperature_celsius, \"region\", \"$1-zone\", \"site\", \"(.*)\")", T, false },
        { "label_replace(http_requests_total{code=\"500\"}, \"svc\", \"$1\", \"service\", \"a(.*)\")", T, false },
        { "label_replace(temperature_celsius, \"site\", \"x$0\", \"site\", \"no.*match\")", T, false },
        { "label_join(http_requests_total{service=\"api\"}, \"id\", \"/\", \"service\", \"instance\", \"method\")", T, false },
        { "label_join(temperature_celsius, \"copy\", \",\", \"site\")", T, false },
        { "sort(temperature_celsius)", T, false },
        { "sort_desc(sum by (service) (rate(http_requests_total[5m])))", T, false },
        { "sort(sensor_reading)", AtNaN, false },
        { "sort_desc(sensor_reading)", AtNaN, false },

        // Aggregations.
        { "sum(http_requests_total)", T, false },
        { $"sum by (service) ({Rate5m})", T, false },
        { $"sum without (instance, method) ({Rate5m})", T, false },
        { $"avg by (code) ({Rate5m})", T, false },
        { "min(temperature_celsius)", T, false },
        { "max by (pool) (worker_up)", T, false },
        { "count by (code) (http_requests_total)", T, false },
        { "count without (code) (http_requests_total)", T, false },
        { "stddev(temperature_celsius)", T, false },
        { $"stdvar by (service) ({Rate5m})", T, false },
        { $"topk(3, {Rate5m})", T, false },
        { $"bottomk by (service) (1, {Rate5m})", T, false },
        { "topk(2, sensor_reading)", AtPlusInf, false },
        { $"quantile(0.9, {Rate5m})", T, false },
        { $"quantile by (service) (0.5, {Rate5m})", T, false },
        { "quantile(2, temperature_celsius)", T, false },
        { "quantile(-1, temperature_celsius)", T, false },
        { "count_values(\"value\", worker_up)", T, false },
        { "count_values by (pool) (\"v\", worker_up)", T, false },
        { "group by (service) (http_requests_total)", T, false },
        { "group(worker_up)", T, false },
        { "sum(sensor_reading)", AtNaN, false },
        { "avg(sensor_reading)", AtPlusInf, false },
        { "max(sensor_reading)", AtNaN, false },
        { "min(sensor_reading)", AtMinusInf, false },
        { $"sum by (le) ({BucketRate})", T, false },

        // Arithmetic.
        { "temperature_celsius * 2", T, false },
        { "2 - temperature_celsius", T, false },
        { "temperature_celsius / 0", T, false },
        { "temperature_celsius % 3", T, false },
        { "temperature_celsius ^ 2", T, false },
        { "-temperature_celsius", T, false },
        { "sensor_reading * -1", AtPlusInf, false },
        { "sum by (service) (rate(http_requests_total{code=\"500\"}[5m])) / sum by (service) (rate(http_requests_total[5m]))", T, false },
        { "http_requests_total{code=\"500\"} / ignoring(code) http_requests_total{code=\"200\"}", T, false },
        { "http_requests_total / on(service) group_left(team) service_info", T, false },
        { "service_info * on(service) group_right(team, version) instance_cpu_cores", T, false },
        { "instance_cpu_cores - on(service) group_left service_info", T, false },

        // Comparisons.
        { "temperature_celsius > 0", T, false },
        { "temperature_celsius > bool 0", T, false },
        { "0 < temperature_celsius", T, false },
        { "sensor_reading < 0", AtMinusInf, false },
        { "sensor_reading > bool 0", AtNaN, false },
        { "worker_up != 1", T, false },
        { $"{Rate5m} >= 0.5", T, false },
        { "temperature_celsius == bool temperature_celsius", T, false },
        { "http_requests_total{code=\"500\"} > ignoring(code) http_requests_total{code=\"200\"}", T, false },
        { "worker_up == bool on(worker, pool) worker_up", T, false },

        // Set operators.
        { "worker_up and on(pool) (worker_up == 0)", T, false },
        { "temperature_celsius or sensor_reading", T, false },
        { "http_requests_total{code=\"500\"} unless on(service) service_info{team=\"core\"}", T, false },
        { "worker_up unless worker_up{worker=\"w1\"}", T, false },
        { "sum by (service) (rate(http_requests_total{code=\"404\"}[5m])) or vector(0)", T, false },

        // Edges: windows that reach before the first or after the last sample, NaN and Inf through aggregations,
        // count_values of special values, vector-to-vector arithmetic, name matchers only.
        { Rate5m, 200, false },
        { "increase(http_requests_total[10m])", DurationSeconds + 100, false },
        { "irate(http_requests_total[5m])", DurationSeconds + 100, false },
        { "delta(sensor_reading[3m])", AtNaN + 60, false },
        { "topk(1, sensor_reading)", AtNaN, false },
        { "bottomk(1, sensor_reading)", AtNaN, false },
        { "stddev(sensor_reading)", AtPlusInf, false },
        { "quantile(0.5, sensor_reading)", AtNaN, false },
        { "count_values(\"v\", sensor_reading)", AtPlusInf, false },
        { "count_values(\"v\", temperature_celsius)", T, false },
        { $"max without (instance, method) ({Rate5m})", T, false },
        { "group without (le) (http_request_duration_seconds_bucket)", T, false },
        { "avg without (site) (temperature_celsius)", T, false },
        { "temperature_celsius - temperature_celsius offset 5m", T, false },
        { "temperature_celsius * scalar(count(worker_up))", T, false },
        { "0 < bool temperature_celsius", T, false },
        { "-sum by (pool) (worker_up)", T, false },
        { "{__name__=~\".+\", __name__!~\"http_.*|sensor_.*|worker_.*|temperature_.*|job:.*|service_.*\"}", T, false },
        { "absent(nonexistent_metric{a!=\"b\", c=\"d\"})", T, false },
        { "timestamp(sum(worker_up))", T + 3, false },
        { "vector(time()) > bool 0", T, false },

        // histogram_quantile corner cases: no +Inf bucket, only +Inf, the +Inf bucket reached, NaN φ.
        { "histogram_quantile(0.5, rate(http_request_duration_seconds_bucket{le!=\"+Inf\"}[5m]))", T, false },
        { "histogram_quantile(0.5, rate(http_request_duration_seconds_bucket{le=\"+Inf\"}[5m]))", T, false },
        { $"histogram_quantile(0.999, sum by (le, service) ({BucketRate}))", T, false },
        { $"histogram_quantile(NaN, sum by (le) ({BucketRate}))", T, false },

        // Counter resets seen by irate and rate; Inf + -Inf in one window.
        { "irate(http_requests_total{service=\"web\",instance=\"i2\"}[1m])", 2253, false },
        { "rate(http_requests_total{service=\"web\",instance=\"i2\"}[30s])", 2260, false },
        { "sum_over_time(sensor_reading[6m])", AtMinusInf, false },

        // Durations, nested and coarse subqueries.
        { "delta(temperature_celsius[1m30s])", T, false },
        { "temperature_celsius offset 1h5m", T + 3600, false },
        { "max_over_time(avg_over_time(temperature_celsius[5m:1m])[10m:2m])", T + 17, false },
        { "sum_over_time(temperature_celsius[1m:5m])", T, false },

        // Matchers: regex flags and classes, raw strings, empty alternatives, not-empty.
        { "http_requests_total{service=~\"(?i)API\"}", T, false },
        { "http_requests_total{service=~\"API\"}", T, true },
        { "http_requests_total{code=~`\\d00`, method=\"GET\"}", T, false },
        { "sensor_reading{sensor=~\"a|\"}", T, false },
        { "temperature_celsius{site!=\"\"}", T, false },

        // Label functions on the name and with anchored regexes; count_values over a grouping label.
        { "label_replace(temperature_celsius, \"x\", \"$1\", \"site\", \"(or)\")", T, false },
        { "label_replace(temperature_celsius, \"__name__\", \"renamed_$1\", \"site\", \"(.*)\")", T, false },
        { "count_values by (site) (\"site\", temperature_celsius)", T, false },

        // Which operations keep the metric name; on() with no labels; NaN and zero powers.
        { "temperature_celsius > temperature_celsius offset 5m", T, false },
        { "temperature_celsius >= bool temperature_celsius offset 5m", T, false },
        { "temperature_celsius + on() group_left vector(1)", T, false },
        { "worker_up or ignoring(pool) worker_up{worker=\"w1\"}", T, false },
        { "worker_up unless on(pool) nonexistent_metric", T, false },
        { "NaN ^ 0", T, false },
        { "1e308 * 10", T, false },

        // Extrapolation of a counter that starts near zero, windows starting before the series.
        { "rate(jobs_processed_total[5m])", JobsStart + 100, false },
        { "increase(jobs_processed_total[10m])", JobsStart + 200, false },
        { "increase(jobs_processed_total[1m])", JobsStart + 40, false },
        { "delta(jobs_processed_total[5m])", JobsStart + 100, false },

        // Millisecond query times at the lookback edge.
        { "worker_up", WorkerGapStart - 30 + 300.001, false },
        { "worker_up", WorkerStopLast + 299.999, false },
        { "rate(http_requests_total{service=\"api\"}[1m])", T + 0.5, false },

        // topk/bottomk/quantile parameters; single-element spreads; Welford for equal large values.
        { "topk(2.7, temperature_celsius)", T, false },
        { "bottomk(0, temperature_celsius)", T, true },
        { "topk(scalar(count(worker_up)) - 2, temperature_celsius)", T, false },
        { "topk(1, temperature_celsius)", T, false },
        { "quantile(NaN, temperature_celsius)", T, false },
        { "stddev by (site) (temperature_celsius)", T, false },
        { "stddev(instance_cpu_cores * 0 + 123456789.1)", T, false },
        { "stdvar(instance_cpu_cores * 0 + 1e9)", T, false },

        // Averages that would overflow if summed first, as Prometheus 2.42 averages incrementally.
        { "avg(vector(1e308) or label_replace(vector(1e308), \"a\", \"b\", \"\", \"\"))", T, false },
        { "avg_over_time(vector(1e308)[5m:1m])", T, false },

        // count_values spells values as Go's strconv 'f' format.
        { "count_values(\"v\", vector(1e-7))", T, false },
        { "count_values(\"v\", vector(1e21))", T, false },
        { "count_values(\"v\", vector(0.1 + 0.2))", T, false },
        { "count_values(\"v\", vector(-0.5))", T, false },

        // Go regexp expansion: $1x is the group named "1x" (empty), ${1}x is group 1 then x.
        { "label_replace(temperature_celsius, \"z\", \"$1x\", \"site\", \"(.*)\")", T, false },
        { "label_replace(temperature_celsius, \"z\", \"${1}x\", \"site\", \"(.*)\")", T, false },
        { "label_join(temperature_celsius, \"joined\", \"-\", \"site\", \"nonexistent\")", T, false },

        // absent's labels come from equality matchers of a bare selector only.
        { "absent(nonexistent_metric{job=\"a\", job=~\"b\"})", T, false },
        { "absent(nonexistent_metric{job=\"x\"} + 1)", T, false },
        { "scalar(nonexistent_metric)", T, false },

        // Element-wise edges: NaN bounds, negative rounding steps, negative bases and divisors.
        { "clamp_min(temperature_celsius, NaN)", T, false },
        { "round(temperature_celsius, -2)", T, false },
        { "temperature_celsius ^ 0.5", T, false },
        { "temperature_celsius % -3", T, false },
        { "-7.5 % 2", T, false },
        { "NaN == bool NaN", T, false },

        // Precedence and syntax forms.
        { "-2 ^ 2", T, false },
        { "2 * 3 % 4", T, false },
        { ".5 + 5.", T, false },
        { "'single quoted'", T, false },
        { "\"tab\\there\"", T, false },
        { "sum(http_requests_total) by (service)", T, false },
        { "worker_up{worker=\"w1\"} or worker_up{worker=\"w2\"} and worker_up{worker=\"w3\"}", T, false },

        // Matching on the name and across differently named metrics.
        { "{__name__=~\"temperature_celsius|sensor_reading\"} and on(__name__) temperature_celsius", T, false },
        { "sensor_reading + temperature_celsius", T, true },
        { $"job:http_requests:rate5m - on(service) sum by (service) ({Rate5m})", T, false },

        // Buckets that are not monotonic, series without or with an unreadable le.
        { "histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{service=\"web\",le!=\"0.5\"}[5m])) or sum by (le) (rate(http_request_duration_seconds_bucket{service=\"api\",le=\"0.5\"}[5m])))", T, false },
        { $"histogram_quantile(0.5, sum by (le) ({BucketRate}) or vector(1))", T, false },
        { $"histogram_quantile(0.5, label_replace(sum by (le) ({BucketRate}), \"le\", \"abc\", \"le\", \"0\\\\.05\"))", T, false },

        // Lexical forms Prometheus accepts: comments, newlines, keyword case, units, escapes, trailing commas.
        { "sum(worker_up) # the number of workers up", T, false },
        { "sum(\n  worker_up\n)", T, false },
        { "SUM BY (service) (http_requests_total)", T, false },
        { "temperature_celsius OFFSET 5m", T, false },
        { "rate(http_requests_total{service=\"api\"}[300000ms])", T, false },
        { "max_over_time(temperature_celsius[1d])", T, false },
        { "+5", T, false },
        { "- -5", T, false },
        { "temperature_celsius{site=\"nor\\u0074h\"}", T, false },
        { "temperature_celsius{site=\"north\",}", T, false },
        { "sum by (site,) (temperature_celsius)", T, false },
        { "sum by () (temperature_celsius)", T, false },

        // Regex dialect: Go's \d, \w and \s are ASCII only; . and $ stop at a newline unless (?s); escaped label values.
        { "label_probe", T, false },
        { "label_probe{site=~\"zone\\\\d\"}", T, false },
        { "label_probe{site=~\"\\\\w+\"}", T, false },
        { "label_probe{site!~\"[\\\\w ]+\"}", T, false },
        { "label_probe{site=~\"a.b|zone3\"}", T, false },
        { "label_probe{site=~\"(?s)a.b\"}", T, false },
        { "label_probe{site=~\"(?i)\u03c9MEGA\"}", T, false },
        { "label_probe{site=\"say \\\"hi\\\" \\\\o/\"}", T, false },
        { "label_replace(label_probe, \"digit\", \"$1\", \"site\", \"zone(\\\\d)\")", T, false },

        // Rate-family functions on gauges: every drop counts as a counter reset; NaN and Inf inside windows.
        { "rate(temperature_celsius[5m])", T, false },
        { "increase(sensor_reading[5m])", T, false },
        { "irate(sensor_reading[1m])", AtNaN, false },
    };

    /// <summary>query, start and end in seconds after base, step in seconds.</summary>
    public static TheoryData<string, int, int, int> Range => new()
    {
        { "http_requests_total{service=\"api\"}", 1200, 3600, 60 },
        { Rate5m, 601, 5101, 37 },
        { $"sum by (service) ({Rate5m})", 1000, 5000, 300 },
        { "irate(http_requests_total{service=\"web\"}[1m])", 2000, 2600, 15 },
        { "increase(http_requests_total{service=\"auth\",instance=\"i1\"}[2m])", 2900, 3200, 7 },
        { $"increase({SilentCounter}[10m])", 3300, 4800, 45 },
        { "histogram_quantile(0.95, sum by (le, service) (rate(http_request_duration_seconds_bucket[5m])))", 600, 5300, 120 },
        { "histogram_quantile(0.5, rate(http_request_duration_seconds_bucket{service=\"auth\"}[2m]))", 1400, 2300, 30 },
        { "worker_up", 1500, 4500, 37 },
        { "count_over_time(worker_up[2m])", 2300, 3500, 45 },
        { "temperature_celsius offset 5m", 900, 2000, 90 },
        { "delta(temperature_celsius[10m])", 1000, 5000, 200 },
        { "idelta(sensor_reading[1m])", 3300, 3800, 20 },
        { "avg_over_time(sensor_reading[2m])", 3300, 3800, 10 },
        { "max_over_time(rate(http_requests_total{service=\"api\"}[1m])[5m:1m])", 1200, 2400, 60 },
        { "avg_over_time(temperature_celsius[10m:])", 1200, 4800, 37 },
        { "sum_over_time(worker_up[10m:45s] offset 2m)", 2000, 4000, 100 },
        { "min_over_time(sum by (service) (rate(http_requests_total[5m]))[30m:2m] offset 10m)", 2500, 5000, 150 },
        { "quantile_over_time(0.25, temperature_celsius[15m])", 1000, 5000, 61 },
        { $"topk(2, sum by (service, instance) ({Rate5m}))", 1000, 5000, 120 },
        { "bottomk(1, temperature_celsius)", 1000, 5000, 60 },
        { $"quantile(0.75, {Rate5m})", 1000, 5000, 300 },
        { $"stddev by (service) ({Rate5m})", 1000, 5000, 300 },
        { "count_values(\"v\", worker_up)", 2000, 4000, 60 },
        { "group by (pool) (worker_up)", 1500, 4500, 150 },
        { "time()", 1000, 2000, 100 },
        { "vector(3)", 1000, 2000, 100 },
        { "scalar(sum(worker_up))", 2000, 4000, 100 },
        { "1 + 2", 1000, 2000, 250 },
        { "timestamp(worker_up)", 3300, 3700, 40 },
        { "absent(worker_up{worker=\"w3\"})", 3600, 4200, 30 },
        { "label_replace(rate(http_requests_total{code=\"500\"}[5m]), \"class\", \"$1xx\", \"code\", \"(.).*\")", 1000, 2000, 100 },
        { "sort_desc(temperature_celsius)", 1000, 2000, 100 },
        { "http_requests_total / on(service) group_left(team) service_info", 1000, 2000, 100 },
        { "temperature_celsius > bool 0", 1000, 5000, 97 },
        { "worker_up and on(pool) worker_up{worker=\"w1\"}", 2000, 4000, 60 },
        { "sum(rate(http_requests_total{code=\"404\"}[5m])) or vector(0)", 1000, 2000, 100 },
        { "clamp(sensor_reading, -10, 10)", 3300, 3800, 30 },
        { "round(temperature_celsius, 2)", 1000, 2000, 100 },
        { "abs(sensor_reading)", 3300, 3800, 15 },
        { "rate(http_requests_total[5m] offset 10m)", 1000, 5000, 37 },
        { "irate(http_requests_total{service=\"web\",instance=\"i2\"}[1m])", 2200, 2320, 1 },
        { "avg_over_time(temperature_celsius[5m:])", 1000, 3000, 45 },
        { "histogram_quantile(0.999, sum by (le, service) (rate(http_request_duration_seconds_bucket[5m])))", 600, 5300, 300 },
        { "sort(sensor_reading)", 3300, 3800, 25 },
        { "worker_up offset 5m", 2500, 4300, 30 },
        { "worker_up", 3000, 3000, 60 },
        { "rate(http_requests_total[1m])", 1000, 4600, 1 },
        { "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[1m])))", 1000, 4600, 7 },
        { "sum(worker_up)", 3000, 3100, 600 },
        { "rate(temperature_celsius[5m])", 1000, 5000, 53 },
        { "label_probe{site=~\"\\\\w+\"}", 1000, 2000, 100 },
    };

    /// <summary>Instant queries both engines must reject (a parse, type or evaluation error).</summary>
    public static TheoryData<string> Invalid => new()
    {
        "sum(",
        "http_requests_total{",
        "rate(http_requests_total)",
        "{service=~\".*\"}",
        "unknown_function(http_requests_total)",
        "1 == 1",
        "http_requests_total and 1",
        "http_requests_total[5x]",
        "temperature_celsius{site=~\"(\"}",
        "sum by (service) (http_requests_total) offset 5m",
        "histogram_quantile(0.5)",
        "topk(http_requests_total, 2)",
        "label_replace(temperature_celsius, \"site\", \"\", \"site\", \".*\")",
        "http_requests_total + on(service) http_requests_total",
        "label_replace(temperature_celsius, \"1bad\", \"x\", \"site\", \".*\")",
        "http_requests_total / on(service) service_info",
        "count by (service) (http_requests_total) / on(service) sum by (service, instance) (instance_cpu_cores)",
        "absent(nonexistent_metric{job=\"x\"}[5m])",
        "worker_up{__name__=\"worker_up\"}",
        "temperature_celsius{site=~\"(?=n).*\"}",
        "temperature_celsius{site=~\"(n)\\\\1\"}",
        "label_replace(temperature_celsius, \"x\", \"$1\", \"site\", \"(?<=n)o\")",
        "count_values(\"1bad\", worker_up)",
        "label_join(temperature_celsius, \"bad-name\", \",\", \"site\")",
        "vector(\"a\")",
        "time(1)",
        "sort(1)",
        "scalar(1)",
        "absent()",
        "temperature_celsius offset 5m offset 1m",
        "worker_up and on(pool) group_left worker_up",
        "1 + bool 2",
        "m\u00e9trique",
        "sum without (site) by (site) (temperature_celsius)",
    };

    /// <summary>Range queries both engines must reject: a range query needs a scalar or instant vector.</summary>
    public static TheoryData<string> InvalidRange => new()
    {
        "http_requests_total[5m]",
        "\"text\"",
        "label_replace(temperature_celsius, \"site\", \"\", \"site\", \".*\")",
        "http_requests_total + on(service) http_requests_total",
        "rate(http_requests_total)",
    };
}
