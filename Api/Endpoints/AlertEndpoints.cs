using System.Text.RegularExpressions;
using EmoteCare.Api.Accounts;
using EmoteCare.Api.Audit;
using EmoteCare.Api.Security;
using EmoteCare.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;

namespace EmoteCare.Api.Endpoints;

/// <summary>
/// The therapist's alert inbox: notable moments of their sessions that wait for acknowledgement, including those raised
/// while no dashboard was open. The inbox is the therapist grain's; the caller only ever reaches their own.
/// </summary>
internal static partial class AlertEndpoints
{
    public static void MapAlertEndpoints(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("").WithTags("Alerts").RequireAuthorization(AuthorizationPolicies.Therapist);
        alerts.MapGet("/alerts", List)
            .WithSummary("The caller's unacknowledged alerts, oldest first, for patients still assigned to them (audited per patient).");
        alerts.MapPost("/alerts/acknowledge", Acknowledge)
            .WithSummary("Acknowledges one of the caller's alerts. Idempotent: acknowledged is false when it was already acknowledged or is not in the inbox.");
    }

    private static async Task<Ok<IReadOnlyList<SessionAlert>>> List(AppUser user, AccessPolicy access, AuditLog audit, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var inbox = await grains.GetGrain<ITherapistGrain>(user.Id).GetUnacknowledgedAlerts();
        var visible = new List<SessionAlert>(inbox.Count);
        var readable = new List<SessionAlert>(inbox.Count);
        foreach (var alert in inbox)
        {
            // A patient reassigned to someone else takes their alerts along: the inbox keeps them, the answer does not.
            if (await access.CanReadAlertAsync(user, alert, cancellationToken))
            {
                readable.Add(alert);
            }
        }

        foreach (var patient in readable.GroupBy(a => a.PatientId, StringComparer.Ordinal))
        {
            foreach (var session in patient.GroupBy(a => a.SessionId, StringComparer.Ordinal))
            {
                await audit.RecordReadAsync(user, AuditActions.AlertsRead, patient.Key, session.Key, $"{session.Count()} alerts", cancellationToken);
            }

            visible.AddRange(patient);
        }

        return TypedResults.Ok<IReadOnlyList<SessionAlert>>([.. visible.OrderBy(a => a.RaisedAt)]);
    }

    private static async Task<Ok<AlertAcknowledgement>> Acknowledge(AcknowledgeAlertRequest request, AppUser user, IGrainFactory grains)
    {
        var acknowledged = await grains.GetGrain<ITherapistGrain>(user.Id).AcknowledgeAlert(request.AlertId);
        return TypedResults.Ok(new AlertAcknowledgement(request.AlertId, acknowledged));
    }

    /// <summary>A session id, a slash, and a moment id of 1 to 16 letters or digits.</summary>
    internal static bool IsAlertId(string? alertId) =>
        alertId?.Split('/') is [var sessionId, var momentId] && Ids.IsValid(sessionId) && MomentIdShape().IsMatch(momentId);

    [GeneratedRegex(@"\A[A-Za-z0-9]{1,16}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MomentIdShape();
}

/// <summary>The alert to acknowledge, by its id (<c>{sessionId}/{momentId}</c>, as listed).</summary>
public sealed record AcknowledgeAlertRequest(string AlertId) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Require(AlertEndpoints.IsAlertId(AlertId), "alertId", "An alert id is a session id, a slash and a moment id (up to 16 letters or digits), as GET /api/alerts lists it.");
    }
}

/// <summary>The outcome of an acknowledgement.</summary>
/// <param name="AlertId">The alert.</param>
/// <param name="Acknowledged">True when this call acknowledged it; false when it was already acknowledged or is not in the caller's inbox.</param>
public sealed record AlertAcknowledgement(string AlertId, bool Acknowledged);
