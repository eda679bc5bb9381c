using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace HmsOps.Cli.Commands;

/// <summary><c>hms-ops ingest FILE</c>: sends a JSON or NDJSON file of events to /ingest.</summary>
public static class IngestCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Events as JSON (one event or an array) or NDJSON (.ndjson); - reads standard input" };
        var ndjson = new Option<bool>("--ndjson") { Description = "Send as application/x-ndjson whatever the file name" };
        var command = new Command("ingest", "Send telemetry events to the console's /ingest API") { file, ndjson };
        command.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(file)!;
            byte[] body;
            try
            {
                body = path == "-" ? await ReadStdinAsync(ct) : await File.ReadAllBytesAsync(path, ct);
            }
            catch (IOException ex)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"cannot read {path}: {ex.Message}");
                return ExitCodes.Usage;
            }
            var isNdjson = result.GetValue(ndjson) || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(isNdjson ? "application/x-ndjson" : "application/json");
            using var api = GlobalOptions.Api(result);
            return await api.SendAsync(HttpMethod.Post, "/ingest", content, Accepted, ct);
        });
        return command;
    }

    private static string Accepted(string body)
    {
        using var document = JsonDocument.Parse(body);
        return $"accepted {document.RootElement.GetProperty("accepted").GetInt32()} events (durable)";
    }

    private static async Task<byte[]> ReadStdinAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await System.Console.OpenStandardInput().CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
