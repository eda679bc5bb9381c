using System.Text.RegularExpressions;
using HmsOps.Core.PromQL;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace HmsOps.Core.Notifications.Routing;

/// <summary>
/// Reads an Alertmanager-style YAML file (<c>route</c>, <c>receivers</c>, <c>inhibit_rules</c>) into the same model
/// as the appsettings section. Unknown keys are errors, as in Alertmanager, so a typo cannot silently drop a route.
/// </summary>
public static partial class AlertmanagerConfigFile
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Replaces <paramref name="options"/>' route, receivers and inhibit rules with the file's.</summary>
    /// <exception cref="FormatException">The file is not valid; the message names the file, line and key.</exception>
    public static void Apply(string path, NotificationsOptions options)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"{path}: cannot be read: {e.Message}", e);
        }
        var parsed = Parse(path, text);
        options.Route = parsed.Route;
        options.Receivers = parsed.Receivers;
        options.InhibitRules = parsed.InhibitRules;
    }

    /// <exception cref="FormatException">The text is not valid; the message names the source, line and key.</exception>
    public static NotificationsOptions Parse(string source, string yaml)
    {
        FileDto? file;
        try
        {
            file = Deserializer.Deserialize<FileDto?>(yaml);
        }
        catch (YamlException e)
        {
            var reason = (e.InnerException ?? e).Message;
            // YamlDotNet names the console's internal type; the user needs the key.
            if (UnknownProperty().Match(reason) is { Success: true } unknown)
            {
                reason = $"unknown key '{unknown.Groups[1].Value}'";
            }
            throw new FormatException($"{source}: line {e.Start.Line}, column {e.Start.Column}: {reason}", e);
        }
        if (file?.Route is null)
        {
            throw new FormatException($"{source}: 'route' is missing");
        }
        var global = file.Global ?? new GlobalDto();
        return new NotificationsOptions
        {
            Route = ToRoute(source, "route", file.Route),
            Receivers = (file.Receivers ?? []).Select(r => ToReceiver(r, global)).ToList(),
            InhibitRules = (file.InhibitRules ?? []).Select(ToInhibitRule).ToList(),
        };
    }

    private static RouteOptions ToRoute(string source, string key, RouteDto dto) => new()
    {
        Receiver = dto.Receiver,
        GroupBy = dto.GroupBy,
        Matchers = Matchers(dto.Matchers, dto.Match, dto.MatchRe),
        GroupWait = Duration(source, key + ".group_wait", dto.GroupWait),
        GroupInterval = Duration(source, key + ".group_interval", dto.GroupInterval),
        RepeatInterval = Duration(source, key + ".repeat_interval", dto.RepeatInterval),
        Continue = dto.Continue,
        Routes = (dto.Routes ?? []).Select((r, i) => ToRoute(source, $"{key}.routes[{i}]", r)).ToList(),
    };

    private static ReceiverOptions ToReceiver(ReceiverDto dto, GlobalDto global) => new()
    {
        Name = dto.Name ?? "",
        PagerDutyConfigs = (dto.PagerdutyConfigs ?? []).Select(c => new PagerDutyReceiverOptions
        {
            RoutingKey = c.RoutingKey ?? "",
            Url = c.Url ?? global.PagerdutyUrl ?? new PagerDutyReceiverOptions().Url,
            SendResolved = c.SendResolved ?? true,
        }).ToList(),
        SlackConfigs = (dto.SlackConfigs ?? []).Select(c => new SlackReceiverOptions
        {
            ApiUrl = c.ApiUrl ?? global.SlackApiUrl ?? "",
            Channel = c.Channel,
            SendResolved = c.SendResolved ?? false,
        }).ToList(),
        WebhookConfigs = (dto.WebhookConfigs ?? []).Select(c => new WebhookReceiverOptions
        {
            Url = c.Url ?? "",
            SendResolved = c.SendResolved ?? true,
            MaxAlerts = c.MaxAlerts,
            BearerToken = c.HttpConfig?.Authorization?.Credentials,
        }).ToList(),
        EmailConfigs = (dto.EmailConfigs ?? []).Select(c => new EmailReceiverOptions
        {
            To = c.To ?? "",
            From = c.From ?? global.SmtpFrom ?? "",
            Smarthost = c.Smarthost ?? global.SmtpSmarthost ?? "",
            AuthUsername = c.AuthUsername ?? global.SmtpAuthUsername,
            AuthPassword = c.AuthPassword ?? global.SmtpAuthPassword,
            RequireTls = c.RequireTls ?? global.SmtpRequireTls ?? true,
            SendResolved = c.SendResolved ?? false,
        }).ToList(),
    };

    private static InhibitRuleOptions ToInhibitRule(InhibitRuleDto dto) => new()
    {
        SourceMatchers = Matchers(dto.SourceMatchers, dto.SourceMatch, dto.SourceMatchRe),
        TargetMatchers = Matchers(dto.TargetMatchers, dto.TargetMatch, dto.TargetMatchRe),
        Equal = dto.Equal ?? [],
    };

    // The older match/match_re maps become matchers (match_re values are anchored regexes, as matchers' are).
    private static List<string> Matchers(List<string>? matchers, Dictionary<string, string>? match, Dictionary<string, string>? matchRe) =>
    [
        .. match?.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}=\"{RouteNode.Escape(p.Value)}\"") ?? [],
        .. matchRe?.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}=~\"{RouteNode.Escape(p.Value)}\"") ?? [],
        .. matchers ?? [],
    ];

    private static TimeSpan? Duration(string source, string key, string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (!PromDuration.TryParse(text, out var duration))
        {
            throw new FormatException($"{source}: {key}: '{text}' is not a duration (e.g. 30s, 5m, 4h)");
        }
        return duration;
    }

    // YAML shapes, snake_case as Alertmanager writes them. Only what the console uses; anything else is an error.
    private sealed class FileDto
    {
        public GlobalDto? Global { get; set; }
        public RouteDto? Route { get; set; }
        public List<ReceiverDto>? Receivers { get; set; }
        public List<InhibitRuleDto>? InhibitRules { get; set; }
    }

    // The global defaults receivers fall back on, as in Alertmanager. resolve_timeout is accepted for compatibility:
    // the console's alerts always say when they resolved, so it has nothing to time out.
    private sealed class GlobalDto
    {
        public string? ResolveTimeout { get; set; }
        public string? SmtpFrom { get; set; }
        public string? SmtpSmarthost { get; set; }
        public string? SmtpAuthUsername { get; set; }
        public string? SmtpAuthPassword { get; set; }
        public bool? SmtpRequireTls { get; set; }
        public string? SlackApiUrl { get; set; }
        public string? PagerdutyUrl { get; set; }
    }

    private sealed class RouteDto
    {
        public string? Receiver { get; set; }
        public List<string>? GroupBy { get; set; }
        public List<string>? Matchers { get; set; }
        public Dictionary<string, string>? Match { get; set; }
        public Dictionary<string, string>? MatchRe { get; set; }
        public string? GroupWait { get; set; }
        public string? GroupInterval { get; set; }
        public string? RepeatInterval { get; set; }
        public bool Continue { get; set; }
        public List<RouteDto>? Routes { get; set; }
    }

    private sealed class ReceiverDto
    {
        public string? Name { get; set; }
        public List<PagerDutyDto>? PagerdutyConfigs { get; set; }
        public List<SlackDto>? SlackConfigs { get; set; }
        public List<WebhookDto>? WebhookConfigs { get; set; }
        public List<EmailDto>? EmailConfigs { get; set; }
    }

    private sealed class PagerDutyDto
    {
        public string? RoutingKey { get; set; }
        public string? Url { get; set; }
        public bool? SendResolved { get; set; }
    }

    private sealed class SlackDto
    {
        public string? ApiUrl { get; set; }
        public string? Channel { get; set; }
        public bool? SendResolved { get; set; }
    }

    private sealed class WebhookDto
    {
        public string? Url { get; set; }
        public bool? SendResolved { get; set; }
        public int MaxAlerts { get; set; }
        public HttpConfigDto? HttpConfig { get; set; }
    }

    private sealed class HttpConfigDto
    {
        public AuthorizationDto? Authorization { get; set; }
    }

    private sealed class AuthorizationDto
    {
        public string? Type { get; set; }
        public string? Credentials { get; set; }
    }

    private sealed class EmailDto
    {
        public string? To { get; set; }
        public string? From { get; set; }
        public string? Smarthost { get; set; }
        public string? AuthUsername { get; set; }
        public string? AuthPassword { get; set; }
        public bool? RequireTls { get; set; }
        public bool? SendResolved { get; set; }
    }

    private sealed class InhibitRuleDto
    {
        public List<string>? SourceMatchers { get; set; }
        public List<string>? TargetMatchers { get; set; }
        public Dictionary<string, string>? SourceMatch { get; set; }
        public Dictionary<string, string>? SourceMatchRe { get; set; }
        public Dictionary<string, string>? TargetMatch { get; set; }
        public Dictionary<string, string>? TargetMatchRe { get; set; }
        public List<string>? Equal { get; set; }
    }

    [GeneratedRegex("^Property '(.+?)' not found on type")]
    private static partial Regex UnknownProperty();
}
