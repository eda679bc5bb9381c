namespace HmsOps.Core.Alerting.Rules;

/// <summary>Loads every <c>*.yaml</c>/<c>*.yml</c> file of a rules folder, one result per file, in name order.</summary>
public static class RuleDirectoryLoader
{
    public static IReadOnlyList<RuleFileResult> Load(string directory, AlertingRulesOptions options)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }
        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count > options.MaxFiles)
        {
            return [RuleFileResult.Failed(directory, [$"{directory}: {files.Count} rule files exceed the limit of {options.MaxFiles}"])];
        }
        var display = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        return files.Select(f => LoadFile(f, $"{display}/{Path.GetFileName(f)}", options)).ToList();
    }

    public static RuleFileResult LoadFile(string path, string displayName, AlertingRulesOptions options)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length > options.MaxFileBytes)
            {
                return RuleFileResult.Failed(displayName, [$"{displayName}: {length} bytes exceed the limit of {options.MaxFileBytes}"]);
            }
            return RuleFileParser.Parse(displayName, File.ReadAllText(path), options);
        }
        catch (IOException e)
        {
            return RuleFileResult.Failed(displayName, [$"{displayName}: cannot read: {e.Message}"]);
        }
        catch (UnauthorizedAccessException e)
        {
            return RuleFileResult.Failed(displayName, [$"{displayName}: cannot read: {e.Message}"]);
        }
    }
}
