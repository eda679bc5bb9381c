using System.CommandLine;
using System.Text.Json;

namespace HmsOps.Cli.Commands;

/// <summary>
/// Guarded changes: <c>rollback</c>, <c>canary start|promote|abort</c>, <c>approve</c>, <c>reject</c>, <c>changes</c>,
/// <c>status</c>, <c>audit verify</c>. Each is one call to <c>/api/changes</c> (plus a look-up where a name must be
/// resolved); the console decides, the CLI reports its answer and exits with the code for it.
/// </summary>
public static class ChangeCommands
{
    public static IEnumerable<Command> Create() => [Rollback(), Canary(), Approve(), Reject(), Changes(), Status(), Audit()];

    private static Command Rollback()
    {
        var target = new Argument<string>("service@version") { Description = "e.g. ach@v1.8.2, ach-svc@prev, or ach (= the previous version)" };
        var reason = new Option<string?>("--reason") { Description = "Why (the approver and the audit log read it); default names the command" };
        var alert = new Option<string?>("--alert") { Description = "Fingerprint of the firing alert this change answers" };
        var command = new Command("rollback", "Request a rollback; a second person (a lead) approves it") { target, reason, alert };
        command.SetAction(async (result, ct) =>
        {
            using var api = GlobalOptions.Api(result);
            var text = result.GetValue(target)!;
            var at = text.LastIndexOf('@');
            var (name, version) = at < 0 ? (text, "prev") : (text[..at], text[(at + 1)..]);
            var (exit, service) = await ResolveAsync(api, name, ct);
            if (exit != ExitCodes.Ok)
            {
                return exit;
            }
            return await RequestAsync(api, new
            {
                service,
                kind = "rollback",
                targetVersion = version,
                reason = result.GetValue(reason) ?? $"hms-ops rollback {service}@{version}",
                alertFingerprint = result.GetValue(alert),
            }, ct);
        });
        return command;
    }

    private static Command Canary()
    {
        var canary = new Command("canary", "Shift traffic to a version step by step (start), or end it by hand (promote, abort)");
        var startService = new Argument<string>("service");
        var version = new Option<string>("--version") { Description = "The version to shift traffic to", Required = true };
        var startReason = new Option<string?>("--reason") { Description = "Why; default names the command" };
        var start = new Command("start", "Request a canary; a lead approves it") { startService, version, startReason };
        start.SetAction(async (result, ct) =>
        {
            using var api = GlobalOptions.Api(result);
            var (exit, service) = await ResolveAsync(api, result.GetValue(startService)!, ct);
            return exit != ExitCodes.Ok ? exit : await RequestAsync(api, new
            {
                service,
                kind = "canary",
                targetVersion = result.GetValue(version),
                reason = result.GetValue(startReason) ?? $"hms-ops canary start {service} --version {result.GetValue(version)}",
            }, ct);
        });
        canary.Subcommands.Add(start);
        canary.Subcommands.Add(Decision("promote"));
        canary.Subcommands.Add(Decision("abort"));
        return canary;
    }

    private static Command Decision(string verb)
    {
        var serviceArgument = new Argument<string>("service");
        var reason = new Option<string>("--reason") { Description = "Why (mandatory: a second lead reads it)", Required = true };
        var command = new Command(verb, $"Ask to {verb} the service's running canary; another lead approves") { serviceArgument, reason };
        command.SetAction(async (result, ct) =>
        {
            using var api = GlobalOptions.Api(result);
            var (exit, service) = await ResolveAsync(api, result.GetValue(serviceArgument)!, ct);
            if (exit != ExitCodes.Ok)
            {
                return exit;
            }
            var (listed, body) = await api.CallAsync(HttpMethod.Get, $"/api/changes?service={Uri.EscapeDataString(service!)}&limit=20", null, ct);
            if (listed != ExitCodes.Ok)
            {
                return listed;
            }
            using var document = JsonDocument.Parse(body!);
            var running = document.RootElement.GetProperty("changes").EnumerateArray()
                .FirstOrDefault(c => c.GetProperty("kind").GetString() == "canary" && !c.GetProperty("final").GetBoolean());
            if (running.ValueKind != JsonValueKind.Object)
            {
                await api.Error.WriteLineAsync($"{service} has no canary in flight");
                return ExitCodes.NotFound;
            }
            return await PostAsync(api, $"/api/changes/{running.GetProperty("id").GetString()}/{verb}", new { reason = result.GetValue(reason) }, ct);
        });
        return command;
    }

    private static Command Approve()
    {
        var id = new Argument<string>("id");
        var command = new Command("approve", "Approve another person's change (lead); it executes once") { id };
        command.SetAction(async (result, ct) =>
        {
            using var api = GlobalOptions.Api(result);
            return await PostAsync(api, $"/api/changes/{Uri.EscapeDataString(result.GetValue(id)!)}/approve", null, ct);
        });
        return command;
    }

    private static Command Reject()
    {
        var id = new Argument<string>("id");
        var reason = new Option<string>("--reason") { Description = "Why", DefaultValueFactory = _ => "rejected with hms-ops" };
        var command = new Command("reject", "Reject a change (lead), or withdraw your own") { id, reason };
        command.SetAction(async (result, ct) =>
        {
            using var api = GlobalOptions.Api(result);
            return await PostAsync(api, $"/api/changes/{Uri.EscapeDataString(result.GetValue(id)!)}/reject", new { reason = result.GetValue(reason) }, ct);
        });
        return command;
    }

    private static Command Changes()
    {
        var service = new Option<string?>("--service") { Description = "Only this service's changes" };
        var command = new Command("changes", "List recent changes, newest first") { service };
        command.SetAction(async (result, ct) =>
        {
            using var api = GlobalOptions.Api(result);
            var filter = result.GetValue(service) is { } s ? "&service=" + Uri.EscapeDataString(s) : "";
            var (exit, body) = await api.CallAsync(HttpMethod.Get, "/api/changes?limit=50" + filter, null, ct);
            if (exit == ExitCodes.Ok)
            {
                using var document = JsonDocument.Parse(body!);
                var lines = document.RootElement.GetProperty("changes").EnumerateArray().Select(Line).ToArray();
                await api.Output.WriteLineAsync(lines.Length == 0 ? "no changes" : string.Join(Environment.NewLine, lines));
            }
            return exit;
        });
        return command;
    }

    private static Command Status()
    {
        var id = new Argument<string>("id");
        var wait = new Option<bool>("--wait") { Description = "Poll until the change reaches a final state" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds --wait gives up after", DefaultValueFactory = _ => 600 };
        var command = new Command("status", "Show one change (and wait for it to finish)") { id, wait, timeout };
        command.SetAction(async (result, ct) =>
        {
            using var api = GlobalOptions.Api(result);
            var path = $"/api/changes/{Uri.EscapeDataString(result.GetValue(id)!)}";
            var deadline = DateTimeOffset.UtcNow.AddSeconds(result.GetValue(timeout));
            while (true)
            {
                var (exit, body) = await api.CallAsync(HttpMethod.Get, path, null, ct);
                if (exit != ExitCodes.Ok)
                {
                    return exit;
                }
                using var document = JsonDocument.Parse(body!);
                var change = document.RootElement;
                var final = change.GetProperty("final").GetBoolean();
                if (final || !result.GetValue(wait))
                {
                    await api.Output.WriteLineAsync(Line(change));
                    return !final ? ExitCodes.Ok
                        : change.GetProperty("state").GetString() is "succeeded" or "promoted" ? ExitCodes.Ok : ExitCodes.ChangeFailed;
                }
                if (DateTimeOffset.UtcNow >= deadline)
                {
                    await api.Error.WriteLineAsync($"still {change.GetProperty("state").GetString()} after {result.GetValue(timeout)} s: {Line(change)}");
                    return ExitCodes.StillRunning;
                }
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        });
        return command;
    }

    private static Command Audit()
    {
        var verify = new Command("verify", "Check the audit log's hash chain (lead)");
        verify.SetAction(async (result, ct) =>
        {
            using var api = GlobalOptions.Api(result);
            var (exit, body) = await api.CallAsync(HttpMethod.Get, "/api/audit/verify", null, ct);
            if (exit != ExitCodes.Ok)
            {
                return exit;
            }
            using var document = JsonDocument.Parse(body!);
            var root = document.RootElement;
            if (root.GetProperty("intact").GetBoolean())
            {
                await api.Output.WriteLineAsync($"audit log intact: {root.GetProperty("entries").GetInt64()} entries, head {root.GetProperty("headHash").GetString()}");
                return ExitCodes.Ok;
            }
            await api.Error.WriteLineAsync($"audit log BROKEN at seq {root.GetProperty("firstBadSeq")}: {root.GetProperty("problem").GetString()}");
            return ExitCodes.ChangeFailed;
        });
        var audit = new Command("audit", "The hash-chained audit log");
        audit.Subcommands.Add(verify);
        return audit;
    }

    /// <summary>
    /// A short name is accepted only when the console lists exactly one service it names or starts (ach → ach-svc);
    /// anything else is refused with the candidates, so a typo never picks a service.
    /// </summary>
    private static async Task<(int Exit, string? Service)> ResolveAsync(ConsoleApi api, string name, CancellationToken ct)
    {
        var (exit, body) = await api.CallAsync(HttpMethod.Get, "/api/deployments", null, ct);
        if (exit != ExitCodes.Ok)
        {
            return (exit, null);
        }
        using var document = JsonDocument.Parse(body!);
        var names = document.RootElement.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList();
        if (names.Contains(name, StringComparer.Ordinal))
        {
            return (ExitCodes.Ok, name);
        }
        var matches = names.Where(n => n.StartsWith(name + "-", StringComparison.Ordinal) || n.StartsWith(name, StringComparison.Ordinal)).ToList();
        if (matches.Count == 1)
        {
            return (ExitCodes.Ok, matches[0]);
        }
        await api.Error.WriteLineAsync(matches.Count == 0
            ? $"no service named '{name}' (the console has: {string.Join(", ", names)})"
            : $"'{name}' could be {string.Join(" or ", matches)}: give the full name");
        return (matches.Count == 0 ? ExitCodes.NotFound : ExitCodes.Invalid, null);
    }

    private static async Task<int> RequestAsync(ConsoleApi api, object body, CancellationToken ct)
    {
        var (exit, text) = await api.CallAsync(HttpMethod.Post, "/api/changes", body, ct);
        if (exit == ExitCodes.Ok)
        {
            using var document = JsonDocument.Parse(text!);
            var change = document.RootElement;
            var id = change.GetProperty("id").GetString();
            await api.Output.WriteLineAsync($"{Line(change)}; needs approval by a lead before {change.GetProperty("expiresAt").GetDateTimeOffset():u}: hms-ops approve {id}");
        }
        return exit;
    }

    private static async Task<int> PostAsync(ConsoleApi api, string path, object? body, CancellationToken ct)
    {
        var (exit, text) = await api.CallAsync(HttpMethod.Post, path, body, ct);
        if (exit == ExitCodes.Ok)
        {
            using var document = JsonDocument.Parse(text!);
            await api.Output.WriteLineAsync(Line(document.RootElement));
        }
        return exit;
    }

    /// <summary>One line per change: id, state, what, who.</summary>
    private static string Line(JsonElement c)
    {
        var who = c.GetProperty("approvedBy").GetString() is { } approver ? $", approved by {approver}" : "";
        var outcome = c.TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.Object ? $": {r.GetProperty("message").GetString()}" : "";
        return $"{c.GetProperty("id").GetString()} {c.GetProperty("state").GetString()}: {c.GetProperty("kind").GetString()} {c.GetProperty("service").GetString()} " +
            $"{c.GetProperty("fromVersion").GetString()} → {c.GetProperty("targetVersion").GetString()}, requested by {c.GetProperty("requestedBy").GetString()}{who}{outcome}";
    }
}
