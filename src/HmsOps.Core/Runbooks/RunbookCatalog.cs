namespace HmsOps.Core.Runbooks;

/// <summary>
/// The runbooks of one folder (<c>*.md</c>, subfolders included, <c>README.md</c> skipped), plus the problems
/// found while loading: a bad file is reported and left out, it never hides the good ones.
/// </summary>
public sealed class RunbookCatalog
{
    private readonly Dictionary<string, Runbook> byPath;
    private readonly Dictionary<string, Runbook> byName;

    public RunbookCatalog(IEnumerable<Runbook> runbooks, IReadOnlyList<string> errors, string folderName = "runbooks")
    {
        var all = runbooks.OrderBy(r => r.RelativePath, StringComparer.Ordinal).ToList();
        var problems = errors.ToList();
        byPath = new Dictionary<string, Runbook>(StringComparer.OrdinalIgnoreCase);
        byName = new Dictionary<string, Runbook>(StringComparer.OrdinalIgnoreCase);
        var kept = new List<Runbook>();
        foreach (var runbook in all)
        {
            // Lookup by bare file name must be unambiguous, so a second file with the same name is refused.
            if (!byName.TryAdd(runbook.Name, runbook))
            {
                problems.Add($"{runbook.RelativePath}: name: another runbook is already named '{runbook.Name}' ({byName[runbook.Name].RelativePath})");
                continue;
            }
            byPath[runbook.RelativePath] = runbook;
            kept.Add(runbook);
        }
        Runbooks = kept;
        Errors = problems;
        FolderName = folderName;
    }

    public IReadOnlyList<Runbook> Runbooks { get; }

    public IReadOnlyList<string> Errors { get; }

    /// <summary>The folder's own name, accepted as a prefix in annotations ("runbooks/ach_latency.md").</summary>
    public string FolderName { get; }

    public static RunbookCatalog Load(string folder, RunbookCatalogOptions options)
    {
        var folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        if (!Directory.Exists(folder))
        {
            return new RunbookCatalog([], [$"{folder}: runbook folder does not exist"], folderName);
        }
        var files = Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories)
            .Select(path => (Path: path, Relative: Path.GetRelativePath(folder, path).Replace('\\', '/')))
            .Where(f => !string.Equals(Path.GetFileName(f.Path), "README.md", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
        var runbooks = new List<Runbook>();
        var errors = new List<string>();
        if (files.Count > options.MaxFiles)
        {
            errors.Add($"{folder}: {files.Count} runbook files, only the first {options.MaxFiles} (RunbookCatalogOptions.MaxFiles) are loaded");
            files = files.Take(options.MaxFiles).ToList();
        }
        foreach (var (path, relative) in files)
        {
            var length = new FileInfo(path).Length;
            if (length > options.MaxFileBytes)
            {
                errors.Add($"{relative}: file: {length} bytes is over the limit of {options.MaxFileBytes} (RunbookCatalogOptions.MaxFileBytes)");
                continue;
            }
            try
            {
                runbooks.Add(RunbookParser.Parse(relative, File.ReadAllText(path)));
            }
            catch (RunbookFormatException e)
            {
                errors.Add(e.Message);
            }
        }
        return new RunbookCatalog(runbooks, errors, folderName);
    }

    public Runbook? FindByPath(string relativePath) => byPath.GetValueOrDefault(relativePath);

    public Runbook? FindByName(string name) => byName.GetValueOrDefault(name);

    /// <summary>
    /// Maps a <c>runbook</c>/<c>runbook_url</c> annotation to a runbook: an http(s) URL by its last path segment
    /// (falling back to the URL itself), anything else by relative path or file name, with or without <c>.md</c>.
    /// </summary>
    public RunbookResolution Resolve(string? annotationValue)
    {
        var value = annotationValue?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return new RunbookResolution.Missing("the alert has no runbook annotation");
        }
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && !uri.IsFile && !value.StartsWith('/'))
        {
            return ResolveUrl(value, uri);
        }
        var (path, anchor) = SplitAnchor(value);
        path = path.Replace('\\', '/').TrimStart('/');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }
        if (path.StartsWith(FolderName + "/", StringComparison.OrdinalIgnoreCase))
        {
            path = path[(FolderName.Length + 1)..];
        }
        var found = FindLocal(path);
        return found is null
            ? new RunbookResolution.Missing($"no runbook '{value}' in {FolderName}/")
            : new RunbookResolution.Local(found, anchor);
    }

    private RunbookResolution ResolveUrl(string value, Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return new RunbookResolution.Missing($"runbook link '{value}' is not http or https");
        }
        var segment = Uri.UnescapeDataString(uri.AbsolutePath.TrimEnd('/').Split('/')[^1]);
        var anchor = uri.Fragment.Length > 1 ? Uri.UnescapeDataString(uri.Fragment[1..]) : null;
        var found = segment.Length == 0 ? null : FindLocal(segment);
        return found is null ? new RunbookResolution.External(uri) : new RunbookResolution.Local(found, anchor);
    }

    private Runbook? FindLocal(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }
        var withExtension = path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? path : path + ".md";
        var byExactPath = FindByPath(withExtension);
        if (byExactPath is not null)
        {
            return byExactPath;
        }
        // Only a bare name falls back to a name lookup; "other/ach_latency.md" must not match "ach_latency.md".
        return path.Contains('/', StringComparison.Ordinal) ? null : FindByName(withExtension[..^3]);
    }

    private static (string Path, string? Anchor) SplitAnchor(string value)
    {
        var hash = value.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (value, null) : (value[..hash], hash + 1 < value.Length ? value[(hash + 1)..] : null);
    }
}
