using HmsOps.Core.PromQL;
using HmsOps.Core.PromQL.Matching;
using HmsOps.Core.Telemetry;

namespace HmsOps.Core.Alerting.Silences;

/// <summary>Bounds for silences: section <c>Alerting:Silences</c>.</summary>
public sealed class SilenceOptions
{
    /// <summary>At most this many silences (active, pending or expired) are kept; creating one more is refused.</summary>
    public int MaxSilences { get; set; } = 1_000;

    /// <summary>Expired silences are kept this long for the record, then deleted (Alertmanager keeps 5 days).</summary>
    public TimeSpan ExpiredRetention { get; set; } = TimeSpan.FromDays(5);

    /// <summary>The longest silence one may create.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>Raised when a silence cannot be created; <see cref="Field"/> names what is wrong.</summary>
public sealed class SilenceValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// The console's silences (created on the Alerts page, or through its API), with Alertmanager's semantics.
/// Thread-safe; persisted through <see cref="ISilenceRepository"/> before a call returns.
/// </summary>
public sealed class SilenceStore
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly SilenceOptions _options;
    private readonly ISilenceRepository? _repository;
    private readonly Dictionary<string, Silence> _silences = new(StringComparer.Ordinal);
    private readonly Subscribers _subscribers = new();

    public SilenceStore(TimeProvider time, SilenceOptions options, ISilenceRepository? repository = null)
    {
        _time = time;
        _options = options;
        _repository = repository;
        foreach (var silence in repository?.LoadAll() ?? [])
        {
            _silences[silence.Id] = silence;
        }
    }

    public IDisposable Subscribe(Func<Task> onChange) => _subscribers.Add(onChange);

    /// <summary>Every silence kept (active first, then pending, then expired), newest first within each.</summary>
    public IReadOnlyList<Silence> All()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return _silences.Values
                .OrderBy(s => s.IsActiveAt(now) ? 0 : s.IsPendingAt(now) ? 1 : 2)
                .ThenByDescending(s => s.UpdatedAt)
                .ToList();
        }
    }

    /// <summary>The active silences that mute these labels (empty when none).</summary>
    public IReadOnlyList<Silence> Matching(LabelSet labels)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return _silences.Values.Where(s => s.IsActiveAt(now) && s.Matches(labels)).ToList();
        }
    }

    /// <summary>Creates a silence starting now (or at <paramref name="startsAt"/>) for <paramref name="duration"/>.</summary>
    /// <exception cref="SilenceValidationException">A matcher, the duration, the author or the comment is not acceptable.</exception>
    public Silence Create(IReadOnlyList<LabelMatcher> matchers, TimeSpan duration, string createdBy, string comment,
        DateTimeOffset? startsAt = null)
    {
        Validate(matchers, duration, createdBy, comment);
        var now = _time.GetUtcNow();
        var start = startsAt ?? now;
        var silence = new Silence(Guid.NewGuid().ToString("D"), matchers.ToList(), start, start + duration,
            createdBy.Trim(), comment.Trim(), now);
        lock (_gate)
        {
            PruneExpired(now);
            if (_silences.Count >= _options.MaxSilences)
            {
                throw new SilenceValidationException("matchers",
                    $"there are already {_silences.Count} silences (Alerting:Silences:MaxSilences); expire some first");
            }
            _repository?.Save(silence);
            _silences[silence.Id] = silence;
        }
        _subscribers.Notify();
        return silence;
    }

    /// <summary>Ends a silence now; false when it does not exist or has already ended.</summary>
    public bool Expire(string id)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_silences.TryGetValue(id, out var silence) || silence.EndsAt <= now)
            {
                return false;
            }
            var expired = silence with { EndsAt = now, StartsAt = silence.StartsAt > now ? now : silence.StartsAt, UpdatedAt = now };
            _repository?.Save(expired);
            _silences[id] = expired;
        }
        _subscribers.Notify();
        return true;
    }

    private void Validate(IReadOnlyList<LabelMatcher> matchers, TimeSpan duration, string createdBy, string comment)
    {
        if (matchers.Count == 0)
        {
            throw new SilenceValidationException("matchers", "a silence needs at least one matcher");
        }
        foreach (var matcher in matchers)
        {
            if (string.IsNullOrWhiteSpace(matcher.Name))
            {
                throw new SilenceValidationException("matchers", "a matcher has no label name");
            }
            try
            {
                if (matcher.Op is MatchOp.Regex or MatchOp.NotRegex)
                {
                    Re2Syntax.Check(matcher.Value);
                }
                CompiledMatcher.Compile(matcher);
            }
            catch (Exception e) when (e is ArgumentException or PromQLException)
            {
                throw new SilenceValidationException("matchers", $"matcher {Silence.FormatMatcher(matcher)}: invalid regex: {e.Message}");
            }
        }
        // As Alertmanager: a silence whose matchers all match the empty string would silence every alert.
        if (matchers.All(m => CompiledMatcher.Compile(m).Matches("")))
        {
            throw new SilenceValidationException("matchers", "at least one matcher must not match the empty string (it would silence everything)");
        }
        if (duration <= TimeSpan.Zero || duration > _options.MaxDuration)
        {
            throw new SilenceValidationException("duration", $"duration must be more than 0 and at most {_options.MaxDuration}");
        }
        if (string.IsNullOrWhiteSpace(createdBy))
        {
            throw new SilenceValidationException("createdBy", "say who creates the silence");
        }
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new SilenceValidationException("comment", "say why (a comment is required, as in Alertmanager)");
        }
    }

    private void PruneExpired(DateTimeOffset now)
    {
        foreach (var old in _silences.Values.Where(s => now - s.EndsAt > _options.ExpiredRetention).ToList())
        {
            _silences.Remove(old.Id);
            _repository?.Delete(old.Id);
        }
    }
}
