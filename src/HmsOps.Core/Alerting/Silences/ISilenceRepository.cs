namespace HmsOps.Core.Alerting.Silences;

/// <summary>Keeps silences across restarts (SQLite in the console, in memory in tests).</summary>
public interface ISilenceRepository
{
    IReadOnlyList<Silence> LoadAll();

    void Save(Silence silence);

    void Delete(string id);
}
