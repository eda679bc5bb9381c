namespace HmsOps.Core.Runbooks;

/// <summary>A runbook file that cannot be used, naming the file and the front-matter field at fault.</summary>
public sealed class RunbookFormatException(string file, string field, string problem)
    : Exception($"{file}: {field}: {problem}")
{
    public string File { get; } = file;

    public string Field { get; } = field;

    public string Problem { get; } = problem;
}
