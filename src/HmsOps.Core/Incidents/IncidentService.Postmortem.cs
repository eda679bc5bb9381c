using HmsOps.Core.Security;

namespace HmsOps.Core.Incidents;

public sealed partial class IncidentService
{
    /// <summary>
    /// The postmortem: the saved one when a person has saved it, otherwise freshly generated from the incident and its
    /// timeline as they are now (so an unedited postmortem never misses an entry). Null for an unknown incident.
    /// </summary>
    public async Task<PostmortemDocument?> GetPostmortemAsync(string id, CancellationToken cancellationToken = default)
    {
        if (_store.Get(id) is not { } incident)
        {
            return null;
        }
        if (_store.Postmortem(id) is { Generated: false } saved)
        {
            return saved;
        }
        var now = _time.GetUtcNow();
        var markdown = await _postmortems.GenerateAsync(incident, _store.Timeline(id), null, now, cancellationToken).ConfigureAwait(false);
        return new PostmortemDocument(id, markdown, now, IncidentMachine.ConsoleActor, Generated: true);
    }

    /// <summary>Saves a person's edit (engineer or lead); from now on it is what everyone reads.</summary>
    public Task<IncidentResult> SavePostmortemAsync(string id, string markdown, Actor actor)
    {
        if (!actor.HasAny(Role.Engineer, Role.Lead))
        {
            return Task.FromResult(IncidentResult.Forbidden($"{actor.Name} may not edit postmortems: it takes the engineer role"));
        }
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return Task.FromResult(IncidentResult.Invalid("markdown", "the postmortem is empty"));
        }
        if (markdown.Length > Options.MaxPostmortemLength)
        {
            return Task.FromResult(IncidentResult.Invalid("markdown", $"a postmortem is at most {Options.MaxPostmortemLength} characters"));
        }
        if (_store.Get(id) is not { } incident)
        {
            return Task.FromResult(IncidentResult.NotFound(id));
        }
        _store.SavePostmortem(new PostmortemDocument(id, markdown, _time.GetUtcNow(), actor.Name, Generated: false));
        Audit(actor.Name, IncidentAuditActions.PostmortemSaved, incident, new { length = markdown.Length });
        Changed?.Invoke(new IncidentChanged(id, incident, []));
        _subscribers.Notify();
        return Task.FromResult(IncidentResult.Ok(incident));
    }

    /// <summary>
    /// Rewrites the generated parts (summary, impact, timeline) of a saved postmortem, keeping the human sections as
    /// people wrote them; saved as that person's edit.
    /// </summary>
    public async Task<IncidentResult> RegeneratePostmortemAsync(string id, Actor actor, CancellationToken cancellationToken = default)
    {
        if (_store.Get(id) is not { } incident)
        {
            return IncidentResult.NotFound(id);
        }
        var previous = _store.Postmortem(id)?.Markdown;
        var markdown = await _postmortems.GenerateAsync(incident, _store.Timeline(id), previous, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return await SavePostmortemAsync(id, markdown, actor).ConfigureAwait(false);
    }
}
