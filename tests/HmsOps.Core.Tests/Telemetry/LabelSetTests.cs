using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Tests.Telemetry;

public sealed class LabelSetTests
{
    [Fact]
    public void The_same_labels_in_any_order_are_the_same_series()
    {
        var a = LabelSet.From(("service", "claims-api"), ("code", "200"));
        var b = LabelSet.From(("code", "200"), ("service", "claims-api"));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("""{code="200",service="claims-api"}""", a.Key);
    }

    [Fact]
    public void Quotes_backslashes_and_newlines_in_values_cannot_make_two_series_share_a_key()
    {
        var tricky = LabelSet.From(("a", "x\",b=\"y"));
        var plain = LabelSet.From(("a", "x"), ("b", "y"));

        Assert.NotEqual(tricky, plain);
        Assert.Equal("""{a="x\",b=\"y"}""", tricky.Key);
        Assert.Equal("{a=\"back\\\\slash\\nline\"}", LabelSet.From(("a", "back\\slash\nline")).Key);
    }

    [Fact]
    public void With_replaces_a_label_and_without_removes_it()
    {
        var labels = LabelSet.From(("service", "claims-api"), ("code", "200"));

        Assert.Equal("500", labels.With("code", "500").Get("code"));
        Assert.Equal("200", labels.Get("code"));
        Assert.Null(labels.Without("code").Get("code"));
        Assert.Same(labels, labels.Without("missing"));
        Assert.Equal("up", labels.With(LabelSet.MetricNameLabel, "up").MetricName);
    }

    [Fact]
    public void An_empty_value_drops_the_label_and_a_repeated_name_keeps_the_last_value()
    {
        var labels = LabelSet.From(("service", ""), ("code", "200"), ("code", "500"));

        Assert.Equal("""{code="500"}""", labels.Key);
    }
}
