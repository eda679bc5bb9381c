using HmsOps.Console.Hosting;
using HmsOps.Core.Changes;

namespace HmsOps.Console.Changes;

/// <summary>How the change API answers: the change as JSON, and each refusal as problem+json with the service's code.</summary>
public static class ChangeAnswers
{
    public static IResult From(ChangeResult result, int okStatus = StatusCodes.Status200OK)
    {
        if (result.IsOk)
        {
            // A replayed create is not a second creation: 200, the same body.
            var status = result.Replayed ? StatusCodes.Status200OK : okStatus;
            return Results.Json(Describe(result.Change!, result.Replayed), statusCode: status);
        }
        var (code, title) = result.Kind switch
        {
            ChangeResultKind.Forbidden => (StatusCodes.Status403Forbidden, "Change refused"),
            ChangeResultKind.Conflict => (StatusCodes.Status409Conflict, "Change conflict"),
            ChangeResultKind.Gone => (StatusCodes.Status410Gone, "Change expired"),
            ChangeResultKind.NotFound => (StatusCodes.Status404NotFound, "No such change or service"),
            _ => (StatusCodes.Status400BadRequest, "Invalid change"),
        };
        var field = result.Field ?? result.Kind switch
        {
            ChangeResultKind.Forbidden => result.Code == ChangeRefusals.SelfApproval ? "actor" : "role",
            ChangeResultKind.NotFound => "id",
            _ => "state",
        };
        var extensions = new Dictionary<string, object?> { ["code"] = result.Code };
        if (result.Change is { } change)
        {
            extensions["change"] = change.Id;
            extensions["changeState"] = change.State.Text();
        }
        return Problems.Create(code, title, result.Message ?? title, [Problems.FieldError(null, field, result.Message ?? title)], extensions);
    }

    public static IResult Invalid(string field, string reason) =>
        From(ChangeResult.Invalid(field, reason));

    public static object Describe(ChangeRecord change, bool replayed = false)
    {
        var self = $"{ChangeEndpoints.Path}/{change.Id}";
        return new
        {
            id = change.Id,
            state = change.State.Text(),
            service = change.Service,
            kind = change.Kind.ToString().ToLowerInvariant(),
            fromVersion = change.FromVersion,
            targetVersion = change.TargetVersion,
            reason = change.Reason,
            requestedBy = change.RequestedBy,
            requestedAt = change.RequestedAt,
            expiresAt = change.ExpiresAt,
            approvedBy = change.ApprovedBy,
            approvedAt = change.ApprovedAt,
            rejectedBy = change.RejectedBy,
            rejectionReason = change.RejectionReason,
            breakGlass = change.BreakGlass,
            breakGlassReason = change.BreakGlassReason,
            alertFingerprint = change.AlertFingerprint,
            mitigatedAt = change.MitigatedAt,
            canary = change.Canary is { } canary
                ? new
                {
                    steps = canary.Steps,
                    weightPercent = canary.CurrentWeight,
                    step = canary.StepIndex + 1,
                    pending = canary.Pending is { } p
                        ? new { decision = p.Decision.ToString().ToLowerInvariant(), requestedBy = p.RequestedBy, expiresAt = p.ExpiresAt, reason = p.Reason }
                        : null,
                }
                : null,
            result = change.LastResult is { } r ? new { succeeded = r.Succeeded, message = r.Message } : null,
            attempts = change.Attempts,
            finishedAt = change.FinishedAt,
            final = !change.State.IsInFlight(),
            replayed,
            links = new
            {
                self,
                approve = self + "/approve",
                reject = self + "/reject",
                abort = self + "/abort",
                promote = self + "/promote",
                execute = self + "/execute",
            },
        };
    }
}
