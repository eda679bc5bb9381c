using HmsOps.Core.Alerting.Matchers;
using Microsoft.Extensions.Logging;

namespace HmsOps.Core.Notifications.Routing;

/// <summary>
/// The routing configuration in force. With <c>Notifications:ConfigFile</c> set, <see cref="ReloadIfChanged"/> re-reads
/// the file when its size or write time changed: a valid file takes effect, a bad one is logged with every error and
/// the previous configuration stays. Inhibit rules are read from here, so they follow reloads too.
/// </summary>
public sealed class RoutingConfigurationSource : IInhibitionRuleSource
{
    private readonly NotificationsOptions? _options;
    private readonly string? _file;
    private readonly ILogger? _logger;
    private string? _stamp;
    private volatile RoutingConfiguration _current;

    /// <param name="file">The resolved YAML file to watch, or null when the configuration cannot change.</param>
    public RoutingConfigurationSource(NotificationsOptions options, string? file = null, ILogger<RoutingConfigurationSource>? logger = null)
    {
        _options = options;
        _file = file;
        _logger = logger;
        _current = RoutingConfiguration.From(options);
        _stamp = file is null ? null : Stamp(file);
    }

    public RoutingConfiguration Current => _current;

    public IReadOnlyList<InhibitionRule> Rules => _current.Rules;

    /// <returns>True when a changed file was loaded and is now in force.</returns>
    public bool ReloadIfChanged()
    {
        if (_file is null || _options is null)
        {
            return false;
        }
        var stamp = Stamp(_file);
        if (stamp == _stamp)
        {
            return false;
        }
        _stamp = stamp;
        var candidate = new NotificationsOptions
        {
            ConfigFile = _options.ConfigFile,
            ExternalUrl = _options.ExternalUrl,
            SecurityReceiver = _options.SecurityReceiver,
            Outbox = _options.Outbox,
        };
        IReadOnlyList<string> errors;
        try
        {
            AlertmanagerConfigFile.Apply(_file, candidate);
            errors = NotificationsConfigValidator.Validate(candidate, _file);
        }
        catch (FormatException e)
        {
            errors = [e.Message];
        }
        if (errors.Count > 0)
        {
            _logger?.LogError("The notifications file {File} changed but is not valid; the previous routing stays in force: {Errors}",
                _file, string.Join("; ", errors));
            return false;
        }
        _current = RoutingConfiguration.From(candidate);
        _logger?.LogInformation("Reloaded the notifications file {File}", _file);
        return true;
    }

    private static string Stamp(string file)
    {
        var info = new FileInfo(file);
        return info.Exists ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks}" : "missing";
    }
}
