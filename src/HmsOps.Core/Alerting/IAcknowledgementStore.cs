namespace HmsOps.Core.Alerting;

/// <summary>An acknowledgement as persisted: it belongs to one occurrence (fingerprint + activeAt) of an alert.</summary>
public sealed record StoredAcknowledgement(string Fingerprint, DateTimeOffset ActiveAt, AlertAcknowledgement Acknowledgement);

/// <summary>Keeps acknowledgements across restarts (SQLite in the console, in memory in tests).</summary>
public interface IAcknowledgementStore
{
    IReadOnlyList<StoredAcknowledgement> LoadAll();

    void Save(StoredAcknowledgement acknowledgement);

    void Delete(string fingerprint);
}
