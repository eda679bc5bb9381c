namespace HmsOps.Core.Metrics.Api;

/// <summary>A request's parameters, form body and query string merged (the body wins), as Go's <c>r.FormValue</c> reads them.</summary>
public interface IApiParameters
{
    /// <summary>The first value of the parameter, or null when it is absent.</summary>
    string? Get(string name);

    /// <summary>Every value of a repeated parameter such as <c>match[]</c>.</summary>
    IReadOnlyList<string> GetAll(string name);
}

/// <summary>Parameters from a dictionary, for tests and callers without HTTP.</summary>
public sealed class DictionaryApiParameters(IReadOnlyDictionary<string, string[]> values) : IApiParameters
{
    public string? Get(string name) => values.TryGetValue(name, out var all) && all.Length > 0 ? all[0] : null;

    public IReadOnlyList<string> GetAll(string name) => values.TryGetValue(name, out var all) ? all : [];
}
