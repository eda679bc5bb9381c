using HmsOps.Core.Dashboards;

namespace HmsOps.Core.Tests.Dashboards;

public sealed class VariableSelectionTests
{
    private static VariableDefinition Variable(bool multi = false, bool includeAll = false, string[]? current = null, string? allValue = null) =>
        new("job", null, VariableKind.Query, "label_values(job)", null, multi, includeAll, allValue, current ?? [], [], false, 0);

    private static readonly string[] Options = ["api", "db", "web"];

    [Fact]
    public void Requested_values_win_when_they_are_still_options()
    {
        var value = VariableSelection.Select(Variable(multi: true), Options, ["web", "gone", "api"]);

        Assert.Equal(["web", "api"], value.Values);
        Assert.False(value.IsAll);
    }

    [Fact]
    public void Without_a_choice_an_include_all_variable_selects_all_and_others_the_first_option()
    {
        var all = VariableSelection.Select(Variable(multi: true, includeAll: true, allValue: ".*"), Options, null);
        Assert.True(all.IsAll);
        Assert.Equal(Options, all.Values);
        Assert.Equal(".*", all.AllValue);

        Assert.Equal(["api"], VariableSelection.Select(Variable(), Options, null).Values);
        Assert.Equal(["db"], VariableSelection.Select(Variable(current: ["db"]), Options, null).Values);
    }

    [Fact]
    public void A_single_value_variable_keeps_one_value()
    {
        Assert.Equal(["db"], VariableSelection.Select(Variable(), Options, ["db", "web"]).Values);
    }

    [Fact]
    public void Variable_query_results_are_filtered_by_regex_and_sorted()
    {
        var values = VariableQuery.Refine(["svc-10", "svc-2", "other", "svc-2"], "/svc-(\\d+)/", sort: 3, maxValues: 10);

        Assert.Equal(["2", "10"], values);
    }
}
