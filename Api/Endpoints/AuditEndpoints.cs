using System.Globalization;
using EmoteCare.Api.Audit;
using EmoteCare.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmoteCare.Api.Endpoints;

/// <summary>The audit trail, for admins.</summary>
internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/audit", Query).WithTags("Audit").RequireAuthorization(AuthorizationPolicies.Admin)
            .WithSummary("Audit entries, newest first, filtered by patient, actor and time; pass next as before for the following page.");

    private static async Task<Ok<Page<AuditEntry>>> Query([AsParameters] AuditQueryParameters query, AuditLog audit, CancellationToken cancellationToken)
    {
        var entries = await audit.QueryAsync(new AuditQuery(query.PatientId, query.ActorId, query.From, query.To, query.Before, query.Take), cancellationToken);
        var next = entries.Count == query.Take ? entries[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new Page<AuditEntry>(entries, next));
    }
}

/// <summary>Filters (all optional) and paging: entries with ids below <c>before</c>, at most <c>limit</c> (1–500, default 100).</summary>
public sealed record AuditQueryParameters(string? PatientId, string? ActorId, DateTimeOffset? From, DateTimeOffset? To, long? Before, int? Limit) : IValidatable, IHasTimes
{
    public object ToUtc() => this with { From = From?.ToUniversalTime(), To = To?.ToUniversalTime() };

    public int Take => Limit ?? 100;

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.OptionalId("patientId", PatientId);
        errors.OptionalId("actorId", ActorId);
        errors.Limit("limit", Limit, 500);
        errors.Require(Before is null or > 0, "before", "A positive entry id.");
        errors.Require(From is null || To is null || From < To, "to", "Later than from.");
    }
}
