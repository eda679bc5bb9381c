using System.Text.Json;
using System.Text.Json.Serialization;

namespace HmsOps.Core.Demo;

/// <summary>
/// The demo fleet's versions on disk (<c>demo-deployments.json</c> under <c>Storage:DataPath</c>), so a restart does not
/// flip a rolled-back service to its old version. Written whole to a temporary file and moved over the old one, so a
/// crash mid-write leaves either the old or the new state, never half of one.
/// </summary>
public sealed class DemoFleetStore(string path)
{
    public const string FileName = "demo-deployments.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Path => path;

    /// <summary>The saved state, or null when there is none yet (first start) or it cannot be read (then the seed is used).</summary>
    public DemoFleetFile? Load(out string? problem)
    {
        problem = null;
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var file = JsonSerializer.Deserialize<DemoFleetFile>(File.ReadAllBytes(path), Json);
            if (file is null || file.Version != DemoFleetFile.CurrentFormat || file.Services is null)
            {
                problem = $"{path} has an unknown format; starting from the seed";
                return null;
            }
            return file;
        }
        catch (JsonException ex)
        {
            problem = $"{path} is not valid ({ex.Message}); starting from the seed";
            return null;
        }
    }

    public void Save(DemoFleetFile file)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, file, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
