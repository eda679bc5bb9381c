using HmsOps.Components.Tests.Security;
using HmsOps.Core.Incidents;
using HmsOps.Core.Incidents.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HmsOps.Components.Tests.Incidents;

/// <summary>
/// A real incident service over <c>incidents.db</c> in a temp folder, as the console has it, for pages that show
/// incidents or link to them. Registered by factory so the bUnit context disposes the store before the folder goes.
/// </summary>
public sealed class IncidentDesk : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hmsops-incidents-ui-" + Guid.NewGuid().ToString("N"));

    public IncidentDesk(IServiceCollection services, TimeProvider time, IncidentsOptions? options = null)
    {
        Directory.CreateDirectory(_folder);
        Options = options ?? new IncidentsOptions();
        services.AddSingleton(_ => new SqliteIncidentStore(Path.Combine(_folder, SqliteIncidentStore.FileName), Options.MaxTimelineEntries));
        services.AddSingleton(sp => new IncidentService(sp.GetRequiredService<SqliteIncidentStore>(), Options, Audit, time,
            new PostmortemGenerator(Options)));
    }

    public IncidentsOptions Options { get; }

    public RecordingAuditLog Audit { get; } = new();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer on some systems; the temp folder is cleaned by the OS.
        }
    }
}
