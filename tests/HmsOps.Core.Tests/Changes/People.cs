using HmsOps.Core.Security;

namespace HmsOps.Core.Tests.Changes;

/// <summary>The demo cast: roles as they would be configured, each one given explicitly.</summary>
internal static class People
{
    public static readonly Actor Viewer = Actor.Create("viewer", Role.Viewer);
    public static readonly Actor OnCall = Actor.Create("oncall", Role.Viewer, Role.OnCall);
    public static readonly Actor Engineer = Actor.Create("engineer", Role.Viewer, Role.OnCall, Role.Engineer);
    public static readonly Actor Engineer2 = Actor.Create("engineer2", Role.Viewer, Role.Engineer);
    public static readonly Actor Lead1 = Actor.Create("lead1", Role.Viewer, Role.OnCall, Role.Engineer, Role.Lead);
    public static readonly Actor Lead2 = Actor.Create("lead2", Role.Viewer, Role.OnCall, Role.Engineer, Role.Lead);
}
